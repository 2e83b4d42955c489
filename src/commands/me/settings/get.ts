import { getUserSetting, getUserSettingsScope } from '../../../api/user-me.js';
import type { CommonFlags, Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { SETTING_VIEW } from '../../settings/view.js';
import { printSetting, validScopeKey } from './view.js';

export async function get(ctx: Context, _opts: CommonFlags, scope: string, key?: string): Promise<void> {
  validScopeKey(scope, key);
  const http = await ctx.http();
  if (key !== undefined) {
    await printSetting(ctx, await getUserSetting(http, scope, key));
    return;
  }
  const result = await getUserSettingsScope(http, scope);
  if (ctx.out.json) await ctx.out.record(result, { columns: [], fields: ['scope', 'settings'] });
  else await ctx.out.list(Object.entries(result?.settings ?? {}).map(([k, value]) => ({ key: k, value })), SETTING_VIEW);
}

export default defineVerb({
  name: 'get <scope> [key]',
  summary: 'Print one setting value, or every key and value of a scope',
  description:
    'Print one of your settings: the value alone (strings raw, everything else as JSON), or with --json the whole\nrecord with its timestamps. Without a key, list every key and value of the scope.',
  json: true,
  examples: ['epi me settings get calendar visible_calendars', 'epi me settings get calendar --json'],
  run: get,
});
