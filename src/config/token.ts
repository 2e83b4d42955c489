import { jwtDecode } from 'jwt-decode';

/** The claims epi reads from an epilot token. The signature is not verified: the API does that. */
export interface TokenInfo {
  orgId?: string;
  userId?: string;
  email?: string;
  /** "api" for API access tokens; Cognito user tokens carry no token_type. */
  kind: 'cognito-user' | 'api-access' | 'unknown';
  tokenType?: string;
  expiresAt?: Date;
  issuedAt?: Date;
}

type Claims = Record<string, unknown>;

export function decodeToken(token: string): TokenInfo | undefined {
  let claims: Claims;
  try {
    claims = jwtDecode<Claims>(token);
  } catch {
    return undefined;
  }
  const str = (...keys: string[]) => {
    for (const k of keys) {
      const v = claims[k];
      if (typeof v === 'string' && v) return v;
      if (typeof v === 'number') return String(v);
    }
    return undefined;
  };
  const tokenType = str('token_type');
  const kind = tokenType ? 'api-access' : claims['cognito:username'] || claims.token_use || str('iss')?.includes('cognito') ? 'cognito-user' : 'unknown';
  return {
    orgId: str('custom:ivy_org_id', 'org_id'),
    userId: str('custom:ivy_user_id', 'user_id'),
    email: str('email'),
    kind,
    tokenType,
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
    issuedAt: typeof claims.iat === 'number' ? new Date(claims.iat * 1000) : undefined,
  };
}

export function isExpired(info: TokenInfo | undefined, now: number): boolean {
  return !!info?.expiresAt && info.expiresAt.getTime() <= now;
}

export const KIND_LABEL: Record<TokenInfo['kind'], string> = {
  'cognito-user': 'Cognito user token',
  'api-access': 'API access token',
  unknown: 'unknown',
};

/** "in 52 min", "expired 3 days ago", "never": when a token stops working, relative to now. */
export function describeExpiry(info: TokenInfo | undefined, now: number): string {
  if (!info?.expiresAt) return 'never';
  const ms = info.expiresAt.getTime() - now;
  return ms > 0 ? `in ${span(ms)}` : `expired ${span(-ms)} ago`;
}

function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.round(hours / 24), 'day');
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Where a fresh token has to go: a login cannot replace a token that comes from EPILOT_TOKEN. */
/** Where the token of a command comes from: EPILOT_TOKEN, the profile, or the local emulator's demo admin. */
export type TokenSource = 'env' | 'profile' | 'emulator';

export function freshTokenHint(source: TokenSource | undefined): string {
  return source === 'env'
    ? 'Set EPILOT_TOKEN to a fresh token (it wins over any stored login), or unset it.'
    : 'Run `epi auth login` to store a new token.';
}
