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
