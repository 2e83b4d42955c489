import type { User } from '../../api/user.js';
import type { View } from '../../output/printer.js';

/** has_passkeys is in the API docs but not yet in the published @epilot/user-client types. */
type Me = User & { has_passkeys?: boolean };

export const ME_VIEW: View<Me> = {
  columns: [
    { header: 'ID', value: (u) => u.id },
    { header: 'Name', value: (u) => u.display_name },
    { header: 'Email', value: (u) => (u.draft_email ? `${u.email} (changing to ${u.draft_email})` : u.email) },
    { header: 'Status', value: (u) => u.status },
    { header: 'Organization', value: (u) => u.organization_id },
    { header: 'Department', value: (u) => u.department },
    { header: 'Phone', value: (u) => u.phone },
    { header: 'Language', value: (u) => u.preferred_language },
    { header: 'MFA', value: (u) => yesNo(u.mfa_enabled) },
    { header: 'Passkeys', value: (u) => yesNo(u.has_passkeys) },
    { header: 'Navigation', value: (u) => u.custom_navigation },
    { header: 'Created', value: (u) => u.created_at },
    { header: 'Activated', value: (u) => u.activated_at },
  ],
  fields: [
    'id', 'organization_id', 'created_at', 'activated_at', 'display_name', 'status', 'email', 'draft_email', 'draft_email_expires_at',
    'department', 'phone', 'secondary_phone', 'mfa_enabled', 'has_passkeys', 'phone_verified', 'signature', 'is_signature_enabled',
    'preferred_language', 'custom_start_page', 'custom_navigation', 'override_release_channel', 'feature_preferences', 'image_uri',
    'favorites', 'email_notification_setting', 'in_app_notification_setting', 'properties', 'tags',
  ],
};

function yesNo(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : v ? 'yes' : 'no';
}
