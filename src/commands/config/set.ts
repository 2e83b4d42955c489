import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { checkValue, settingKey } from './keys.js';

export async function set(ctx: Context, _opts: CommonFlags, key: string, value: string): Promise<void> {
  const k = settingKey(key);
  const v = checkValue(k, value);
  // Setting a value is how a profile can be created without a login.
  const s = await ctx.session({ allowMissing: true });
  await s.config.updateProfile(s.profileName, (p) => ({ ...p, [k]: v }));
  ctx.out.info(`Set ${k} = ${v} in profile "${s.profileName}".`);
}

export default defineVerb({
  name: 'set <key> <value>',
  summary: 'Set env, org or an API URL for the profile',
  description:
    'Set a per-profile setting:\n  env                         prod, staging or dev\n  org                         default organization id for org-scoped commands\n  organization_api_url, user_api_url, partner_directory_api_url, permissions_api_url\n                              base URL overrides (https, or http on loopback only)',
  examples: ['epi config set env staging', 'epi config set org 739224 --profile acme'],
  run: set,
});
