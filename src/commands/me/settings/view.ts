import type { UserSetting } from '../../../api/user-me.js';
import type { Context } from '../../../context.js';
import { UsageError } from '../../../errors.js';
import type { View } from '../../../output/printer.js';

export interface ScopeKeys {
  scope: string;
  keys: string[];
}

export const SCOPE_VIEW: View<ScopeKeys> = {
  columns: [
    { header: 'Scope', value: (s) => s.scope },
    { header: 'Keys', value: (s) => s.keys },
  ],
  fields: ['scope', 'keys'],
};

export const USER_SETTING_VIEW: View<UserSetting> = {
  columns: [],
  fields: ['scope', 'key', 'value', 'created_at', 'updated_at'],
};

/** --json prints the whole setting record (with its timestamps); otherwise just the value, strings raw. */
export async function printSetting(ctx: Context, setting: UserSetting): Promise<void> {
  if (ctx.out.json) await ctx.out.record(setting, USER_SETTING_VIEW);
  else ctx.out.value(setting.value);
}

/** The API's limits on scopes (64 characters) and keys (128), checked before anything is sent. */
export function validScopeKey(scope: string, key?: string): void {
  if (!scope.trim() || scope.length > 64) throw new UsageError(`The scope "${scope}" must have 1 to 64 characters.`, { hint: 'See the scopes with `epi me settings list`.' });
  if (key !== undefined && (!key.trim() || key.length > 128)) throw new UsageError(`The key "${key}" must have 1 to 128 characters.`, { hint: `See the keys with \`epi me settings get ${scope}\`.` });
}
