import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { settingKey } from './keys.js';

export async function unset(ctx: Context, _opts: CommonFlags, key: string): Promise<void> {
  const k = settingKey(key);
  const s = await ctx.session();
  await s.config.updateProfile(s.profileName, (p) => ({ ...p, [k]: undefined }));
  ctx.out.info(`Unset ${k} in profile "${s.profileName}".`);
}

export default defineVerb({
  name: 'unset <key>',
  summary: 'Remove a setting from the profile (back to the default)',
  run: unset,
});
