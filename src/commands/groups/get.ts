import type { Command } from '@commander-js/extra-typings';
import { getGroup } from '../../api/user-groups.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { GROUP_VIEW } from './view.js';

export interface GetGroupOptions extends CommonFlags {
  hydrate?: boolean;
}

export async function get(ctx: Context, o: GetGroupOptions, id: string): Promise<void> {
  await ctx.out.record(await getGroup(await ctx.http(), id, o.hydrate || undefined), GROUP_VIEW);
}

export default defineVerb({
  name: 'get <id>',
  summary: 'Show a group and its members',
  json: true,
  view: GROUP_VIEW,
  flags: (cmd: Command) => cmd.option('--hydrate', 'include full user records of the members'),
  examples: ['epi groups get 0b6c9d4e', 'epi groups get 0b6c9d4e --hydrate --json users'],
  run: get,
});
