import type { CommonFlags, Context } from '../../context.js';
import { decodeToken, describeExpiry, KIND_LABEL, type TokenInfo } from '../../config/token.js';
import type { View } from '../../output/printer.js';
import { defineVerb } from '../define.js';

export interface ProfileRow {
  profile: string;
  /** The profile a command without --profile would use now. */
  active: boolean;
  /** Why it is the active one; null for the others. */
  selected_by: '--profile' | 'EPILOT_PROFILE' | 'default' | null;
  env: string;
  org_id: string | null;
  email: string | null;
  token_kind: TokenInfo['kind'] | null;
  expires_at: string | null;
  expires: string | null;
  token_source: 'EPILOT_TOKEN' | 'profile' | 'emulator' | null;
  /** false for an active profile that is only named (by --profile or EPILOT_PROFILE), not stored. */
  stored: boolean;
}

const LIST_VIEW: View<ProfileRow> = {
  columns: [
    { header: '', value: (r) => (r.active ? '*' : '') },
    { header: 'Profile', value: (r) => r.profile },
    { header: 'Env', value: (r) => r.env },
    { header: 'Organization', value: (r) => r.org_id },
    { header: 'Email', value: (r) => r.email },
    { header: 'Token', value: (r) => (r.token_kind ? KIND_LABEL[r.token_kind] : 'none') },
    { header: 'Expires', value: (r) => r.expires },
    { header: 'Token from', value: (r) => (r.token_source === 'profile' ? 'stored' : r.token_source === 'emulator' ? 'emulator demo' : r.token_source) },
  ],
};

export async function list(ctx: Context, _opts: CommonFlags): Promise<void> {
  const s = await ctx.session({ allowMissing: true });
  const now = ctx.now();
  const names = s.config.profileNames();
  // An active profile that is not stored still gets a row when a token or a name points at it.
  if (!names.includes(s.profileName) && (s.token || s.profileSource !== 'default')) names.push(s.profileName);
  const rows = names.map((name): ProfileRow => {
    const active = name === s.profileName;
    const profile = active ? s.profile : s.config.profile(name);
    // The active profile's row shows the token a command would send, which EPILOT_TOKEN overrides.
    const token = active ? s.token : profile.token;
    const info = active ? s.tokenInfo : token ? decodeToken(token) : undefined;
    const fromEnv = active && s.tokenSource === 'env';
    return {
      profile: name,
      active,
      selected_by: active ? s.profileSource : null,
      env: active ? s.env : (profile.env ?? 'prod'),
      org_id: info?.orgId ?? (fromEnv ? null : (profile.org_id ?? null)),
      email: info?.email ?? (fromEnv ? null : (profile.email ?? null)),
      token_kind: token ? (info?.kind ?? 'unknown') : null,
      expires_at: info?.expiresAt?.toISOString() ?? null,
      expires: token ? describeExpiry(info, now) : null,
      token_source: fromEnv ? 'EPILOT_TOKEN' : active && s.tokenSource === 'emulator' ? 'emulator' : token ? 'profile' : null,
      stored: s.config.hasProfile(name),
    };
  });
  await ctx.out.list(rows, LIST_VIEW);
  const why = { '--profile': 'named by --profile', EPILOT_PROFILE: 'named by EPILOT_PROFILE', default: 'the default, as neither --profile nor EPILOT_PROFILE is set' }[s.profileSource];
  ctx.out.info(`* "${s.profileName}" is the profile a command uses now (${why})${s.tokenSource === 'env' ? ', with the token from EPILOT_TOKEN' : ''}.`);
  if (!s.config.hasProfile(s.profileName) && s.profileSource !== 'default') {
    ctx.out.warn(`Profile "${s.profileName}" does not exist: commands fail until you create it with \`epi auth login --profile ${s.profileName}\`.`);
  }
}

export default defineVerb({
  name: 'list',
  summary: 'List the profiles: env, organization, user, token kind and expiry (never the token)',
  description: 'List every profile with its env, organization, user email, token kind, when its token expires and where the token comes from.\nThe profile a plain command would use now is marked with *, and why. Token values are never shown.',
  aliases: ['ls'],
  json: true,
  run: list,
});
