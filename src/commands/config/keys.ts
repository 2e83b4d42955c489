import { checkBaseUrl, parseEnv, SERVICE_INFO, SERVICES } from '../../config/env.js';
import { PROFILE_SETTINGS, type ProfileSetting } from '../../config/store.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';

export function settingKey(key: string): ProfileSetting {
  if ((PROFILE_SETTINGS as readonly string[]).includes(key)) return key as ProfileSetting;
  throw new UsageError(`Unknown config key "${key}".`, { hint: `Known keys: ${PROFILE_SETTINGS.join(', ')}.` });
}

/** Checks a value before it is stored, so a typo never breaks later commands. */
export function checkValue(key: ProfileSetting, value: string): string {
  const v = value.trim();
  if (key === 'env') return parseEnv(v, 'env');
  if (key === 'org') {
    if (!v) throw new UsageError('org needs an organization id.');
    return v;
  }
  return checkBaseUrl(v, key);
}

export interface EffectiveSetting {
  key: ProfileSetting;
  value: string | null;
  source: 'flag' | 'env' | 'profile' | 'default' | 'token' | 'unset';
}

/** The value each key has for this command, and where it came from. */
export async function effectiveSettings(ctx: Context): Promise<EffectiveSetting[]> {
  const s = await ctx.session();
  const rows: EffectiveSetting[] = [];
  const envSource = ctx.flags.env ? 'flag' : ctx.env.EPILOT_ENV ? 'env' : s.profile.env ? 'profile' : 'default';
  rows.push({ key: 'env', value: s.env, source: envSource });
  rows.push(
    s.profile.org
      ? { key: 'org', value: s.profile.org, source: 'profile' }
      : { key: 'org', value: s.tokenInfo?.orgId ?? null, source: s.tokenInfo?.orgId ? 'token' : 'unset' },
  );
  for (const service of SERVICES) {
    const info = SERVICE_INFO[service];
    const source = ctx.env[info.envVar] ? 'env' : s.profile[info.profileKey] ? 'profile' : 'default';
    rows.push({ key: info.profileKey, value: await ctx.baseUrl(service), source });
  }
  return rows;
}
