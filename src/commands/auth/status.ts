import type { CommonFlags, Context } from '../../context.js';
import { isExpired, KIND_LABEL } from '../../config/token.js';
import { AuthError } from '../../errors.js';
import type { View } from '../../output/printer.js';
import { defineVerb } from '../define.js';

export interface AuthStatus {
  profile: string;
  source: 'env' | 'profile';
  org_id: string | null;
  user_id: string | null;
  email: string | null;
  token_kind: string;
  token_type: string | null;
  expires_at: string | null;
  expired: boolean;
}

const STATUS_VIEW: View<AuthStatus> = {
  columns: [
    { header: 'Profile', value: (s) => s.profile },
    { header: 'Token source', value: (s) => (s.source === 'env' ? 'EPILOT_TOKEN environment variable' : 'stored in profile') },
    { header: 'Organization', value: (s) => s.org_id },
    { header: 'User', value: (s) => s.user_id },
    { header: 'Email', value: (s) => s.email },
    { header: 'Token kind', value: (s) => KIND_LABEL[s.token_kind as keyof typeof KIND_LABEL] ?? s.token_kind },
    { header: 'Expires', value: (s) => (s.expires_at ? `${s.expires_at}${s.expired ? ' (expired)' : ''}` : 'never') },
  ],
};

export async function status(ctx: Context, _opts: CommonFlags): Promise<void> {
  const s = await ctx.session();
  if (!s.token) throw new AuthError(`Not logged in (profile "${s.profileName}").`, { hint: 'Run `epi auth login`, or set EPILOT_TOKEN.' });
  const info = s.tokenInfo;
  const expired = isExpired(info, ctx.now());
  const result: AuthStatus = {
    profile: s.profileName,
    source: s.tokenSource!,
    org_id: info?.orgId ?? null,
    user_id: info?.userId ?? null,
    // The email is in user tokens; for API tokens login recorded it from /v2/users/me.
    email: info?.email ?? (s.tokenSource === 'profile' ? (s.profile.email ?? null) : null),
    token_kind: info?.kind ?? 'unknown',
    token_type: info?.tokenType ?? null,
    expires_at: info?.expiresAt?.toISOString() ?? null,
    expired,
  };
  await ctx.out.record(result, STATUS_VIEW);
  if (expired) {
    throw new AuthError(`The token expired at ${result.expires_at}.`, {
      hint: s.tokenSource === 'env' ? 'Set EPILOT_TOKEN to a fresh token.' : 'Run `epi auth login` to store a new token.',
    });
  }
}

export default defineVerb({
  name: 'status',
  summary: 'Show the profile, token source, organization, user and token expiry',
  description: 'Show who you are logged in as, read from the token itself (no request is sent).\nExits 4 when there is no token or it has expired.',
  json: true,
  run: status,
});
