import type { RoleChangeResult } from '../../../api/partner-directory.js';
import { isPlanned, type Planned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { resolveRoleIds } from '../../../resolve/roles.js';
import { resolveUserId } from '../../../resolve/users.js';
import { rolesOf } from '../../flags.js';
import { reportOutcomes } from '../../roles/outcomes.js';
import { roleChangeView } from '../views.js';

export interface PartnerUserRolesOptions extends CommonFlags {
  role?: string[];
}

/**
 * The user and roles of a partner user role change, as ids. Both name things of the partner
 * organization, so they are resolved against its users and roles (one read each, only when a
 * reference needs it), never against your own organization's.
 */
export async function partnerUserRoles(ctx: Context, o: PartnerUserRolesOptions, orgId: string, user: string): Promise<{ userId: string; roleIds: string[] }> {
  const refs = rolesOf(o);
  const http = await ctx.http();
  const userId = await resolveUserId(http, user, { flag: '<user>', partnerOrg: orgId });
  const roleIds = await resolveRoleIds(http, refs, '--role', { partnerOrg: orgId });
  return { userId, roleIds };
}

/** Help shared by the verbs that name a partner user and partner roles. */
export const PARTNER_USER_HELP =
  "<user> is a user id or an email address of the partner organization, looked up in its users (GET /v2/partners/{orgId}/users).\n--role is a role of the partner organization by id, slug or name, looked up in GET /v2/partners/{orgId}/roles.";

/** Prints the API's per-role results; exit 1 when any role failed. */
export async function reportRoleChanges(ctx: Context, response: RoleChangeResult[] | Planned, done: string): Promise<void> {
  if (isPlanned(response)) return;
  await reportOutcomes(ctx, response, roleChangeView(done), (r) => !r.success, 'roles');
}
