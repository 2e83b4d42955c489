import { deleteUser } from '../../api/user.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { resolveUserId } from '../../resolve/users.js';

export async function remove(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  // Asked before the email lookup, so a refusal sends nothing at all.
  await ctx.confirm(`Delete user ${ref.trim()}? They lose access to the organization.`);
  const http = await ctx.http();
  const id = await resolveUserId(http, ref);
  if (isPlanned(await deleteUser(http, id))) return;
  ctx.out.info(`Deleted user ${ref.trim() === id ? id : `${ref.trim()} (id ${id})`}.`);
  if (ctx.out.json) await ctx.out.record({ id, deleted: true }, { columns: [], fields: ['id', 'deleted'] });
}

export default defineVerb({
  name: 'delete <user>',
  summary: 'Delete a user (asks first; --yes in scripts)',
  description: `Delete a user (DELETE /v2/users/{id}).\n${USER_ARG_HELP}`,
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  examples: ['epi users delete 10002', 'epi users delete anna@acme.example --yes'],
  run: remove,
});
