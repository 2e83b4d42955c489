import { unassignPartnerUserRoles } from '../../../api/partner-directory.js';
import type { Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { reportRoleChanges, ROLE_FLAG, rolesOf, type PartnerUserRolesOptions } from './role-changes.js';

export async function unassignRoles(ctx: Context, o: PartnerUserRolesOptions, orgId: string, userId: string): Promise<void> {
  const roleIds = rolesOf(o);
  await ctx.confirm(`Remove ${roleIds.join(', ')} from user ${userId} of partner organization ${orgId}?`);
  const response = await unassignPartnerUserRoles(await ctx.http(), orgId, userId, { roleIds });
  await reportRoleChanges(ctx, response, 'unassigned');
}

export default defineVerb<PartnerUserRolesOptions, [string, string]>({
  name: 'unassign-roles <partner-org-id> <user-id>',
  summary: 'Take roles from a partner user (asks first; --yes in scripts)',
  description:
    'Take roles from a user of a partner organization (Partner Directory API: DELETE /v2/partners/{orgId}/users/{userId}/roles).\nPrints one result per role; exits 1 if any failed.',
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd) => cmd.option(...ROLE_FLAG),
  examples: ['epi partners users unassign-roles 456789 10042 --role 456789:partner_sales --yes'],
  run: unassignRoles,
});
