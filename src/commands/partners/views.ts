import type { Assignable, CreatedUser, Geolocation, Partner, PartnerUser, RoleChangeResult } from '../../api/partner-directory.js';
import { documentedFields, getPath, type View } from '../../output/printer.js';

export const PARTNER_VIEW: View<Partner> = {
  columns: [
    { header: 'ID', value: (p) => p.id },
    { header: 'Company', value: (p) => p.company_name },
    { header: 'Status', value: (p) => p.status },
    { header: 'Email', value: (p) => p.email },
    { header: 'Partner org', value: (p) => p.partner_org_id },
  ],
  // The invitation token is left to --json: it lets anyone accept the invitation.
  detail: [
    { header: 'ID', value: (p) => p.id },
    { header: 'Company', value: (p) => p.company_name },
    { header: 'Status', value: (p) => p.status },
    { header: 'Email', value: (p) => p.email },
    { header: 'Owner email', value: (p) => p.owner_email },
    { header: 'Signed up as', value: (p) => p.signed_up_email },
    { header: 'Partner org', value: (p) => p.partner_org_id },
    { header: 'Invited by org', value: (p) => p.organization_id },
    { header: 'Created', value: (p) => p.created_at },
    { header: 'Description', value: (p) => p.description },
  ],
  fields: documentedFields<Partner>({
    id: true, organization_id: true, created_at: true, description: true, company_name: true, invitation_token: true,
    invitation_email: true, email: true, owner_email: true, signed_up_email: true, partner_org_id: true, status: true,
  }),
};

/** user_id, partner_id or group_id, whichever this kind of assignable has. */
const assignableId = (a: Assignable) => getPath(a, 'user_id') ?? getPath(a, 'partner_id') ?? getPath(a, 'group_id');

export const ASSIGNABLE_VIEW: View<Assignable> = {
  columns: [
    { header: 'Type', value: (a) => a.type },
    { header: 'Name', value: (a) => a.display_name },
    { header: 'Email', value: (a) => getPath(a, 'email') },
    { header: 'Org', value: (a) => a.org_id },
    { header: 'ID', value: assignableId },
    { header: 'Status', value: (a) => a.status },
  ],
  fields: [
    'type', 'display_name', 'image_uri', 'org_id', 'created_at', 'activated_at', 'status', 'user_id', 'partner_id', 'group_id', 'email',
    'geolocations', 'phone', 'activity_radius',
  ],
};

export const GEOLOCATION_VIEW: View<Geolocation> = {
  columns: [
    { header: 'Lat', value: (g) => g.lat },
    { header: 'Lng', value: (g) => g.lng },
    { header: 'Label', value: (g) => g.addressLabel },
    { header: 'Relevance', value: (g) => g.relevance },
  ],
  fields: ['lat', 'lng', 'addressLabel', 'relevance'],
};

export const PARTNER_USER_VIEW: View<PartnerUser> = {
  columns: [
    { header: 'ID', value: (u) => u.id },
    { header: 'Name', value: (u) => u.name },
    { header: 'Email', value: (u) => u.email },
    { header: 'Status', value: (u) => u.status },
    { header: 'Roles', value: (u) => (u.roles ?? []).map((r) => r.id) },
  ],
  fields: documentedFields<PartnerUser>({ id: true, name: true, email: true, status: true, image: true, roles: true }),
};

export const CREATED_USER_VIEW: View<CreatedUser> = {
  columns: [
    { header: 'ID', value: (u) => u.id },
    { header: 'Email', value: (u) => u.email },
    { header: 'Name', value: (u) => u.display_name },
    { header: 'Status', value: (u) => u.status },
  ],
  fields: ['id', 'email', 'display_name', 'status'],
};

function errorText(r: RoleChangeResult): string | undefined {
  if (r.success || !r.error || !Object.keys(r.error).length) return undefined;
  return typeof r.error.message === 'string' ? r.error.message : JSON.stringify(r.error);
}

export const roleChangeView = (done: string): View<RoleChangeResult> => ({
  columns: [
    { header: 'Role', value: (r) => r.roleId },
    { header: 'Result', value: (r) => (r.success ? done : 'failed') },
    { header: 'Error', value: errorText },
  ],
  fields: ['roleId', 'success', 'data', 'error'],
});
