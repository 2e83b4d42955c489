import { createGroup } from '../../api/user-groups.js';
import { isPlanned } from '../../api/types.js';
import type { Context } from '../../context.js';
import { collect, defineVerb } from '../define.js';
import { createGroupBody, groupFlags, type GroupFlags } from './body.js';
import { GROUP_VIEW } from './view.js';

export interface CreateGroupOptions extends GroupFlags {
  user?: string[];
}

export async function create(ctx: Context, o: CreateGroupOptions): Promise<void> {
  const group = await createGroup(await ctx.http(), createGroupBody(o, o.user));
  if (isPlanned(group)) return;
  ctx.out.info(`Created group "${group?.name}" (${group?.id}).`);
  await ctx.out.record(group, GROUP_VIEW);
}

export default defineVerb<CreateGroupOptions>({
  name: 'create',
  summary: 'Create a user group',
  json: true,
  dryRun: true,
  flags: (cmd) => groupFlags(cmd).option('--user <id>', 'a member by user id; repeat or comma-separate for more', collect),
  examples: ['epi groups create --name Finance --user 10001 --user 10002 --abbreviation FN', 'epi groups create --name Sales --color 0588f0 --color 3358d4', 'epi groups create --from-file group.json'],
  run: create,
});
