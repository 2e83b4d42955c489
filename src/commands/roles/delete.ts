import type { Command } from '@commander-js/extra-typings';
import { deletePartnerRole } from '../../api/partner-directory.js';
import { deleteRole } from '../../api/permissions.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { roleIdFor } from '../../resolve/roles.js';
import { guardOwnerRoleDelete } from '../../owner-guard.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP } from '../flags.js';
import { PARTNER_FLAG, partnerOrg } from './partner.js';
import { ROLE_VIEW } from './views.js';

export interface DeleteRoleOptions extends CommonFlags {
  partner?: string;
  force?: boolean;
}

export async function remove(ctx: Context, o: DeleteRoleOptions, ref: string): Promise<void> {
  const partner = partnerOrg(o.partner);
  // Without a terminal and without --yes the answer is known before reading anything.
  const question = (role: string) => (partner ? `Delete role ${role} of partner organization ${partner}?` : `Delete role ${role}?`);
  if (!ctx.canPrompt) await ctx.confirm(question(ref.trim()));
  const http = await ctx.http();
  const roleId = await roleIdFor(http, ref, { partnerOrg: partner });
  if (!partner) await guardOwnerRoleDelete(ctx, roleId, o.force);
  await ctx.confirm(question(roleId));
  const deleted = partner ? await deletePartnerRole(http, partner, roleId) : await deleteRole(http, roleId);
  if (isPlanned(deleted)) return;
  ctx.out.info(`Deleted role ${roleId}.`);
  if (ctx.out.json && deleted) await ctx.out.record(deleted, ROLE_VIEW);
}

export default defineVerb({
  name: 'delete <role>',
  summary: 'Delete a role (asks first; --yes in scripts)',
  description:
    "Delete a role (Permissions API: DELETE /v1/permissions/roles/{roleId}); with --partner, a partner organization's role\n(Partner Directory API: DELETE /v2/partners/{orgId}/roles/{roleId}). --json prints the deleted role.\n" +
    `${ROLE_ARG_HELP} An id is sent as given; a slug or name is looked up first.\n\n` +
    "Deleting the organization's owner role (<org>:owner) is refused unless --force.",
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => cmd.option(...PARTNER_FLAG).option('--force', "delete even the organization's owner role"),
  examples: ['epi roles delete 123:sales', 'epi roles delete 123:sales --yes --json'],
  run: remove,
});
