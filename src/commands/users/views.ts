import type { User, UserV1 } from '../../api/user.js';
import type { Column, View } from '../../output/printer.js';

const USER_COLUMNS: Array<Column<User>> = [
  { header: 'ID', value: (u) => u.id },
  { header: 'Email', value: (u) => u.email },
  { header: 'Name', value: (u) => u.display_name },
  { header: 'Status', value: (u) => u.status },
  { header: 'Department', value: (u) => u.department },
];

export const USER_VIEW: View<User> = {
  columns: USER_COLUMNS,
  detail: [
    ...USER_COLUMNS,
    { header: 'Phone', value: (u) => u.phone },
    { header: 'Secondary phone', value: (u) => u.secondary_phone },
    { header: 'Language', value: (u) => u.preferred_language },
    { header: 'Start page', value: (u) => u.custom_start_page },
    { header: 'MFA', value: (u) => (u.mfa_enabled === undefined ? undefined : u.mfa_enabled ? 'on' : 'off') },
    { header: 'Organization', value: (u) => u.organization_id },
    { header: 'Created', value: (u) => u.created_at },
    { header: 'Activated', value: (u) => u.activated_at },
  ],
  fields: [
    'id', 'organization_id', 'created_at', 'activated_at', 'display_name', 'status', 'email', 'draft_email', 'draft_email_expires_at',
    'department', 'phone', 'secondary_phone', 'mfa_enabled', 'has_passkeys', 'phone_verified', 'token', 'signature', 'is_signature_enabled',
    'preferred_language', 'custom_start_page', 'custom_navigation', 'override_release_channel', 'feature_preferences', 'image_uri', 'favorites',
    'email_notification_setting', 'in_app_notification_setting', 'properties', 'tags',
  ],
};

/** Users from the v1 multi-organization listing (`users list --org`): they carry roles but no status. */
export const ORG_USER_VIEW: View<UserV1> = {
  columns: [
    { header: 'ID', value: (u) => u.id },
    { header: 'Organization', value: (u) => u.organization_id },
    { header: 'Email', value: (u) => u.email },
    { header: 'Name', value: (u) => u.display_name ?? u.name },
    { header: 'Roles', value: (u) => u.roles },
  ],
  fields: ['id', 'organization_id', 'email', 'display_name', 'name', 'preferred_language', 'signature', 'custom_navigation', 'roles', 'image_uri', 'properties'],
};
