import type { Command } from '@commander-js/extra-typings';
import { getMeV2 } from '../../api/user.js';
import { notLoggedIn, type CommonFlags, type Context } from '../../context.js';
import { describeExpiry, freshTokenHint, isExpired, KIND_LABEL, type TokenSource } from '../../config/token.js';
import { ApiError, AuthError } from '../../errors.js';
import type { View } from '../../output/printer.js';
import { defineVerb } from '../define.js';

export interface StatusOptions extends CommonFlags {
  offline?: boolean;
}

export interface AuthStatus {
  profile: string;
  source: TokenSource;
  org_id: string | null;
  user_id: string | null;
  email: string | null;
  token_kind: string;
  token_type: string | null;
  expires_at: string | null;
  /** Relative to now: "in 52 min", "expired 3 days ago", "never". */
  expires: string;
  expired: boolean;
  /** true: GET /v2/users/me accepted the token; false: it was rejected; null: not asked (--offline, or expired). */
  verified: boolean | null;
}

const STATUS_VIEW: View<AuthStatus> = {
  columns: [
    { header: 'Profile', value: (s) => s.profile },
    { header: 'Token source', value: (s) => (s.source === 'env' ? 'EPILOT_TOKEN environment variable' : s.source === 'emulator' ? 'demo token of the local emulator' : 'stored in profile') },
    { header: 'Organization', value: (s) => s.org_id },
    { header: 'User', value: (s) => s.user_id },
    { header: 'Email', value: (s) => s.email },
    { header: 'Token kind', value: (s) => KIND_LABEL[s.token_kind as keyof typeof KIND_LABEL] ?? s.token_kind },
    { header: 'Expires', value: (s) => (s.expires_at ? `${s.expires_at} (${s.expires})` : 'never') },
    { header: 'Checked with the API', value: (s) => (s.verified === null ? 'no' : s.verified ? 'yes, accepted' : 'yes, REJECTED') },
  ],
};

export async function status(ctx: Context, o: StatusOptions): Promise<void> {
  const s = await ctx.session();
  if (!s.token) throw notLoggedIn(s);
  const where = s.tokenSource === 'env' ? 'EPILOT_TOKEN' : `profile "${s.profileName}"`;
  const info = s.tokenInfo;
  if (!info) throw new AuthError(`The token from ${where} cannot be decoded: it is not an epilot token (a JWT).`, { hint: freshTokenHint(s.tokenSource) });
  const expired = isExpired(info, ctx.now());
  let verified: boolean | null = null;
  let me: Awaited<ReturnType<typeof getMeV2>> | undefined;
  let rejection: ApiError | undefined;
  if (!o.offline && !expired) {
    try {
      me = await getMeV2(await ctx.http());
      verified = true;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      verified = false;
      rejection = error;
    }
  }
  const result: AuthStatus = {
    profile: s.profileName,
    source: s.tokenSource!,
    org_id: info.orgId ?? me?.organization_id ?? null,
    user_id: info.userId ?? me?.id ?? null,
    // The email is in user tokens; for API tokens it comes from the API, or from what login recorded.
    email: info.email ?? me?.email ?? (s.tokenSource === 'profile' ? (s.profile.email ?? null) : null),
    token_kind: info.kind,
    token_type: info.tokenType ?? null,
    expires_at: info.expiresAt?.toISOString() ?? null,
    expires: describeExpiry(info, ctx.now()),
    expired,
    verified,
  };
  await ctx.out.record(result, STATUS_VIEW);
  if (expired) throw new AuthError(`The token from ${where} expired ${describeExpiry(info, ctx.now()).replace(/^expired /, '')}.`, { hint: freshTokenHint(s.tokenSource) });
  if (rejection) throw new AuthError(`The API rejected the token from ${where}: ${rejection.serverMessage ?? '401 Unauthorized'}.`, { hint: freshTokenHint(s.tokenSource) });
}

export default defineVerb({
  name: 'status',
  summary: 'Show who you are logged in as, and check the token with the API',
  description:
    'Show the profile, token source, organization, user and token expiry, and ask the API whether the token still works (GET /v2/users/me).\n--offline reads the token only and sends nothing. Exits 4 when there is no token, or it cannot be decoded, has expired or is rejected.',
  json: true,
  flags: (cmd: Command) => cmd.option('--offline', 'do not ask the API; read the token only'),
  run: status,
});
