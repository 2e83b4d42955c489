import type { Command } from '@commander-js/extra-typings';
import { assignPartnerUserRoles } from '../../../api/partner-directory.js';
import type { Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { ROLE_FLAG } from '../../flags.js';
import { PARTNER_USER_HELP, partnerUserRoles, reportRoleChanges, type PartnerUserRolesOptions } from './role-changes.js';

export async function assignRoles(ctx: Context, o: PartnerUserRolesOptions, orgId: string, user: string): Promise<void> {
  const { userId, roleIds } = await partnerUserRoles(ctx, o, orgId, user);
  const response = await assignPartnerUserRoles(await ctx.http(), orgId, userId, { roleIds });
  await reportRoleChanges(ctx, response, 'assigned');
}

export default defineVerb({
  name: 'assign-roles <partner-org-id> <user>',
  summary: 'Give roles to a partner user',
  description: `Give roles to a user of a partner organization (Partner Directory API: POST /v2/partners/{orgId}/users/{userId}/roles).
Prints one result per role; exits 1 if any failed.
${PARTNER_USER_HELP}`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) => cmd.option(...ROLE_FLAG),
  examples: [
    'epi partners users assign-roles 456789 10042 --role 456789:partner_admin --role 456789:partner_sales',
    'epi partners users assign-roles 456789 jane@partner.example --role partner_admin',
  ],
  run: assignRoles,
});
