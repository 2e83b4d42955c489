import type { User, UserV1 } from '../../api/user.js';
import { documentedFields, type Column, type View } from '../../output/printer.js';

const USER_COLUMNS: Array<Column<User>> = [
  { header: 'ID', value: (u) => u.id },
  { header: 'Email', value: (u) => u.email },
  { header: 'Name', value: (u) => u.display_name },
  { header: 'Status', value: (u) => u.status },
  { header: 'Department', value: (u) => u.department },
];

/** In the published API spec, not yet in the @epilot/user-client types. */
interface NewerUserFields {
  draft_email_expires_at?: string | null;
  has_passkeys?: boolean;
  in_app_notification_setting?: unknown;
  tags?: unknown;
}

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
  fields: documentedFields<User & NewerUserFields>({
    id: true, organization_id: true, created_at: true, activated_at: true, display_name: true, status: true, email: true,
    draft_email: true, draft_email_expires_at: true, department: true, phone: true, secondary_phone: true, mfa_enabled: true,
    has_passkeys: true, phone_verified: true, token: true, signature: true, is_signature_enabled: true, preferred_language: true,
    custom_start_page: true, custom_navigation: true, override_release_channel: true, feature_preferences: true, image_uri: true,
    favorites: true, email_notification_setting: true, in_app_notification_setting: true, properties: true, tags: true,
  }),
};

/** Users from the v1 multi-organization listing (`users list --in-org`): they carry roles but no status. */
export const ORG_USER_VIEW: View<UserV1> = {
  columns: [
    { header: 'ID', value: (u) => u.id },
    { header: 'Organization', value: (u) => u.organization_id },
    { header: 'Email', value: (u) => u.email },
    { header: 'Name', value: (u) => u.display_name ?? u.name },
    { header: 'Roles', value: (u) => u.roles },
  ],
  fields: documentedFields<UserV1>({
    id: true, organization_id: true, email: true, display_name: true, name: true, preferred_language: true, signature: true,
    custom_navigation: true, roles: true, image_uri: true, properties: true,
  }),
};

/** A user with what `users list --with roles,groups` adds: names for people, ids for scripts. */
export type AccessUser = User & { roles?: string[]; role_ids?: string[]; groups?: string[]; group_ids?: string[] };

/**
 * The access review's view: the user columns plus one cell each for roles and groups. Names are
 * joined with "; " rather than commas, which role and group names may contain; --json has arrays.
 */
export function accessView(withs: ReadonlySet<'roles' | 'groups'>): View<AccessUser> {
  const join = (names: string[] | undefined) => names?.join('; ');
  return {
    columns: [
      ...(USER_COLUMNS as Array<Column<AccessUser>>),
      ...(withs.has('roles') ? [{ header: 'Roles', value: (u: AccessUser) => join(u.roles) }] : []),
      ...(withs.has('groups') ? [{ header: 'Groups', value: (u: AccessUser) => join(u.groups) }] : []),
    ],
    fields: [...USER_VIEW.fields!, ...(withs.has('roles') ? ['roles', 'role_ids'] : []), ...(withs.has('groups') ? ['groups', 'group_ids'] : [])],
  };
}

/** The holders of a role (`roles members`): who they are and whether they can still sign in. */
export const ROLE_MEMBER_VIEW: View<User> = { columns: USER_COLUMNS.filter((c) => c.header !== 'Department'), fields: USER_VIEW.fields };
