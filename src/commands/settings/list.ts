import type { Command } from '@commander-js/extra-typings';
import { getSettings } from '../../api/organization.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { ORG_FLAG, SETTING_VIEW } from './view.js';

export interface ListSettingsOptions extends CommonFlags {
  org?: string;
}

export async function list(ctx: Context, o: ListSettingsOptions): Promise<void> {
  const orgId = await ctx.orgId(o.org);
  const settings = await getSettings(await ctx.http(), orgId);
  // The API returns one key/value map; --json keeps it as it is, people get a table of keys.
  if (ctx.out.json) await ctx.out.record(settings, { columns: [], fields: Object.keys(settings) });
  else await ctx.out.list(Object.entries(settings).map(([key, value]) => ({ key, value })), SETTING_VIEW);
}

export default defineVerb({
  name: 'list',
  summary: 'List organization settings',
  json: true,
  aliases: ['ls'],
  flags: (cmd: Command) => cmd.option(...ORG_FLAG),
  examples: ['epi settings list', "epi settings list --json | jq '.double_opt_in'"],
  run: list,
});
