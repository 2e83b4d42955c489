import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { effectiveSettings, settingKey } from './keys.js';

export async function get(ctx: Context, _opts: CommonFlags, key: string): Promise<void> {
  const wanted = settingKey(key);
  const row = (await effectiveSettings(ctx)).find((r) => r.key === wanted);
  if (row?.value != null) ctx.out.value(row.value);
}

export default defineVerb({
  name: 'get <key>',
  summary: 'Print the value a setting has for this profile (empty when unset)',
  run: get,
});
