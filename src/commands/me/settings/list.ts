import type { Command } from '@commander-js/extra-typings';
import { listUserSettings } from '../../../api/user-me.js';
import type { CommonFlags, Context } from '../../../context.js';
import { pagingFlags, printPaged, type PageFlags } from '../../../paging.js';
import { defineVerb } from '../../define.js';
import { wholeListPages } from '../../../paging.js';
import { SCOPE_VIEW } from './view.js';

export type ListMySettingsOptions = CommonFlags & PageFlags;

export async function list(ctx: Context, o: ListMySettingsOptions): Promise<void> {
  const http = await ctx.http();
  await printPaged(ctx, wholeListPages(() => listUserSettings(http)), SCOPE_VIEW, o);
}

export default defineVerb({
  name: 'list',
  summary: 'List the scopes and keys of your user settings (no values)',
  aliases: ['ls'],
  json: true,
  flags: (cmd: Command) => pagingFlags(cmd),
  examples: ['epi me settings list', 'epi me settings list --json | jq -r ".[].scope"'],
  run: list,
});
