import type { Command } from '@commander-js/extra-typings';
import { getGroups } from '../../api/user-groups.js';
import type { CommonFlags, Context } from '../../context.js';
import { pagingFlags, printPaged, type PageFlags } from '../../paging.js';
import { defineVerb } from '../define.js';
import { GROUP_VIEW } from './view.js';

export interface ListGroupsOptions extends CommonFlags, PageFlags {
  query?: string;
  hydrate?: boolean;
}

export async function list(ctx: Context, o: ListGroupsOptions): Promise<void> {
  const http = await ctx.http();
  const hydrate = o.hydrate || undefined;
  await printPaged(
    ctx,
    (offset, limit) => getGroups(http, { query: o.query?.trim(), limit, offset, hydrate }),
    GROUP_VIEW,
    o,
  );
}

export default defineVerb({
  name: 'list',
  summary: 'List user groups',
  aliases: ['ls'],
  json: true,
  flags: (cmd: Command) =>
    pagingFlags(cmd.option('-q, --query <text>', 'only groups whose name matches').option('--hydrate', 'include full user records instead of ids (--json)')),
  examples: ['epi groups list', 'epi groups list --query finance --json id,name', 'epi groups list --all --ndjson'],
  run: list,
});
