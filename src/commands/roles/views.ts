import type { Assignment, Role } from '../../api/permissions.js';
import { documentedFields, getPath, type View } from '../../output/printer.js';

/** What Permissions API roles and partner roles have in common, so one view shows both. */
export interface RoleRecord {
  id: string;
  name: string;
  slug?: string;
  type?: string;
  grants?: readonly GrantRecord[];
}

export interface GrantRecord {
  action: string;
  resource?: string;
  effect?: string;
  conditions?: readonly unknown[];
}

const grantCount = (r: RoleRecord) => r.grants?.length ?? 0;

export const ROLE_VIEW: View<RoleRecord> = {
  columns: [
    { header: 'ID', value: (r) => r.id },
    { header: 'Name', value: (r) => r.name },
    { header: 'Type', value: (r) => r.type },
    { header: 'Grants', value: grantCount },
  ],
  detail: [
    { header: 'ID', value: (r) => r.id },
    { header: 'Name', value: (r) => r.name },
    { header: 'Slug', value: (r) => r.slug },
    { header: 'Type', value: (r) => r.type },
    { header: 'Organization', value: (r) => getPath(r, 'organization_id') },
    { header: 'Parent role', value: (r) => getPath(r, 'parent_role') },
    { header: 'Partner org', value: (r) => getPath(r, 'partner_org_id') },
    { header: 'Expires', value: (r) => getPath(r, 'expires_at') },
    { header: 'Grants', value: grantCount },
  ],
  fields: documentedFields<Role>({
    id: true, name: true, slug: true, type: true, organization_id: true, grants: true, expires_at: true, parent_role: true,
    partner_org_id: true, pricing_tier: true, vendor_created: true, vendor_enforced_user_limit: true,
  }),
};

/** One condition in a line: `workflows.primary.task_name = Qualification|Won`. */
function conditionText(c: unknown): string {
  const cond = (c ?? {}) as { attribute?: string; operation?: string; values?: unknown[] };
  if (cond.operation === 'equals') return `${cond.attribute} = ${(cond.values ?? []).map(String).join('|')}`;
  if (cond.operation === 'equals_current_user') return `${cond.attribute ?? 'a user attribute'} = current user`;
  return JSON.stringify(c);
}

export const GRANT_VIEW: View<GrantRecord> = {
  columns: [
    { header: 'Effect', value: (g) => g.effect ?? 'allow' },
    { header: 'Action', value: (g) => g.action },
    { header: 'Resource', value: (g) => g.resource },
    { header: 'Conditions', value: (g) => (g.conditions ?? []).map(conditionText).join('; ') },
  ],
};

/** A user's role ids, as the Permissions API returns them. */
export const ROLE_ID_VIEW: View<string> = {
  columns: [{ header: 'Role', value: (id) => id }],
};

export const ASSIGNMENT_VIEW: View<Assignment> = {
  columns: [
    { header: 'User', value: (a) => a.user_id },
    { header: 'Roles', value: (a) => a.roles ?? [] },
  ],
  fields: documentedFields<Assignment>({
    user_id: true, roles: true,
  }),
};
