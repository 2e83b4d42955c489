import { assignPartnerUserRoles } from '../../../api/partner-directory.js';
import type { Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { reportRoleChanges, ROLE_FLAG, rolesOf, type PartnerUserRolesOptions } from './role-changes.js';

export async function assignRoles(ctx: Context, o: PartnerUserRolesOptions, orgId: string, userId: string): Promise<void> {
  const roleIds = rolesOf(o);
  const response = await assignPartnerUserRoles(await ctx.http(), orgId, userId, { roleIds });
  await reportRoleChanges(ctx, response, 'assigned');
}

export default defineVerb<PartnerUserRolesOptions, [string, string]>({
  name: 'assign-roles <partner-org-id> <user-id>',
  summary: 'Give roles to a partner user',
  description:
    'Give roles to a user of a partner organization (Partner Directory API: POST /v2/partners/{orgId}/users/{userId}/roles).\nPrints one result per role; exits 1 if any failed.',
  json: true,
  dryRun: true,
  flags: (cmd) => cmd.option(...ROLE_FLAG),
  examples: ['epi partners users assign-roles 456789 10042 --role 456789:partner_admin --role 456789:partner_sales'],
  run: assignRoles,
});
