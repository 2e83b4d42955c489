import type { Command } from '@commander-js/extra-typings';
import { getAssignedRolesForUser } from '../../api/permissions.js';
import { deleteUser } from '../../api/user.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { guardOwnerRemoval } from '../../owner-guard.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { resolveUserId, userLabel } from '../../resolve/users.js';

export interface DeleteUserOptions extends CommonFlags {
  force?: boolean;
}

export async function remove(ctx: Context, o: DeleteUserOptions, ref: string): Promise<void> {
  const question = `Delete user ${ref.trim()}? They lose access to the organization.`;
  // Without a terminal and without --yes the answer is known before reading anything.
  if (!ctx.canPrompt) await ctx.confirm(question);
  const http = await ctx.http();
  const id = await resolveUserId(http, ref);
  // The user loses every role they hold. --force needs not know whether the owner role is one: no read.
  const roles = o.force ? [] : await getAssignedRolesForUser(http, id);
  const deleted = await guardOwnerRemoval(ctx, http, { roles, leaving: [{ id, label: userLabel(ref, id) }] }, async () => {
    await ctx.confirm(question);
    return deleteUser(http, id);
  });
  if (isPlanned(deleted)) return;
  ctx.out.info(`Deleted user ${ref.trim() === id ? id : `${ref.trim()} (id ${id})`}.`);
  if (ctx.out.json) await ctx.out.record({ id, deleted: true }, { columns: [], fields: ['id', 'deleted'] });
}

export default defineVerb({
  name: 'delete <user>',
  summary: 'Delete a user (asks first; --yes in scripts)',
  description: `Delete a user (DELETE /v2/users/{id}).\n${USER_ARG_HELP}\nThe user's roles are read first (GET /v1/permissions/assignments/{userId}, also under --dry-run): deleting the last holder of the owner role (<org>:owner) is refused unless --force.`,
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => cmd.option('--force', 'delete the user even when they are the last holder of the owner role'),
  examples: ['epi users delete 10002', 'epi users delete anna@acme.example --yes'],
  run: remove,
});
