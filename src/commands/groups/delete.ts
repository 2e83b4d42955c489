import { deleteGroup } from '../../api/user-groups.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';

export async function remove(ctx: Context, _opts: CommonFlags, id: string): Promise<void> {
  await ctx.confirm(`Delete group ${id}? Its members stay; only the group goes.`);
  if (isPlanned(await deleteGroup(await ctx.http(), id))) return;
  ctx.out.info(`Deleted group ${id}.`);
  if (ctx.out.json) ctx.out.rawJson({ id, deleted: true });
}

export default defineVerb({
  name: 'delete <id>',
  summary: 'Delete a group (asks first; --yes in scripts)',
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  examples: ['epi groups delete 0b6c9d4e --yes'],
  run: remove,
});
