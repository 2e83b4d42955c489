import { deleteUserSetting } from '../../../api/user-me.js';
import { isPlanned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { validScopeKey } from './view.js';

export async function remove(ctx: Context, _opts: CommonFlags, scope: string, key: string): Promise<void> {
  validScopeKey(scope, key);
  await ctx.confirm(`Delete your setting "${key}" from scope "${scope}"?`);
  if (isPlanned(await deleteUserSetting(await ctx.http(), scope, key))) return;
  ctx.out.info(`Deleted your setting "${key}" from scope "${scope}".`);
  if (ctx.out.json) ctx.out.rawJson({ scope, key, deleted: true });
}

export default defineVerb({
  name: 'delete <scope> <key>',
  summary: 'Delete one of your settings (asks first; --yes in scripts)',
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  examples: ['epi me settings delete calendar visible_calendars --yes'],
  run: remove,
});
