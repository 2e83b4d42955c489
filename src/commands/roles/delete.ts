import { deletePartnerRole } from '../../api/partner-directory.js';
import { deleteRole } from '../../api/permissions.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { PARTNER_FLAG, partnerOrg } from './partner.js';
import { ROLE_VIEW } from './views.js';

export interface DeleteRoleOptions extends CommonFlags {
  partner?: string;
}

export async function remove(ctx: Context, o: DeleteRoleOptions, roleId: string): Promise<void> {
  const partner = partnerOrg(o.partner);
  await ctx.confirm(partner ? `Delete role ${roleId} of partner organization ${partner}?` : `Delete role ${roleId}?`);
  const http = await ctx.http();
  const deleted = partner ? await deletePartnerRole(http, partner, roleId) : await deleteRole(http, roleId);
  if (isPlanned(deleted)) return;
  ctx.out.info(`Deleted role ${roleId}.`);
  if (ctx.out.json && deleted) await ctx.out.record(deleted, ROLE_VIEW);
}

export default defineVerb<DeleteRoleOptions, [string]>({
  name: 'delete <role-id>',
  summary: 'Delete a role (asks first; --yes in scripts)',
  description:
    "Delete a role (Permissions API: DELETE /v1/permissions/roles/{roleId}); with --partner, a partner organization's role\n(Partner Directory API: DELETE /v2/partners/{orgId}/roles/{roleId}). --json prints the deleted role.",
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd) => cmd.option(...PARTNER_FLAG),
  examples: ['epi roles delete 123:sales', 'epi roles delete 123:sales --yes --json'],
  run: remove,
});
