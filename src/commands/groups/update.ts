import type { Command } from '@commander-js/extra-typings';
import { updateGroup } from '../../api/user-groups.js';
import { isPlanned } from '../../api/types.js';
import type { Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { groupFlags, updateGroupBody, type GroupFlags } from './body.js';
import { GROUP_VIEW } from './view.js';

export async function update(ctx: Context, o: GroupFlags, id: string): Promise<void> {
  const group = await updateGroup(await ctx.http(), id, await updateGroupBody(o, ctx.io));
  if (isPlanned(group)) return;
  ctx.out.info(`Updated group "${group?.name}" (${id}).`);
  await ctx.out.record(group, GROUP_VIEW);
}

export default defineVerb({
  name: 'update <id>',
  summary: 'Rename a group or change its avatar (sends only what you give)',
  description:
    'Change a group\'s name, abbreviation or avatar colours (PATCH /v1/groups/{id} with only the given fields).\nChange members with `epi groups add-users` and `epi groups remove-users`; a --from-file body with user_ids replaces them all.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) => groupFlags(cmd),
  examples: ['epi groups update 0b6c9d4e --name "Finance & Controlling"', 'epi groups update 0b6c9d4e --color 0588f0 --color 3358d4'],
  run: update,
});
