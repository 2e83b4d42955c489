import type { Command } from '@commander-js/extra-typings';
import { unassignPartnerUserRoles } from '../../../api/partner-directory.js';
import type { Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { ROLE_FLAG, rolesOf } from '../../flags.js';
import { PARTNER_USER_HELP, partnerUserRoles, reportRoleChanges, type PartnerUserRolesOptions } from './role-changes.js';

export async function unassignRoles(ctx: Context, o: PartnerUserRolesOptions, orgId: string, user: string): Promise<void> {
  await ctx.confirm(`Remove ${rolesOf(o).join(', ')} from user ${user.trim()} of partner organization ${orgId}?`);
  const { userId, roleIds } = await partnerUserRoles(ctx, o, orgId, user);
  const response = await unassignPartnerUserRoles(await ctx.http(), orgId, userId, { roleIds });
  await reportRoleChanges(ctx, response, 'unassigned');
}

export default defineVerb({
  name: 'unassign-roles <partner-org-id> <user>',
  summary: 'Take roles from a partner user (asks first; --yes in scripts)',
  description: `Take roles from a user of a partner organization (Partner Directory API: DELETE /v2/partners/{orgId}/users/{userId}/roles).
Prints one result per role; exits 1 if any failed.
${PARTNER_USER_HELP}`,
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => cmd.option(...ROLE_FLAG),
  examples: ['epi partners users unassign-roles 456789 10042 --role 456789:partner_sales --yes'],
  run: unassignRoles,
});
