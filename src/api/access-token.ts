import type { Components, Paths } from '@epilot/access-token-client';
import { formatDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { id, list, optional, record, sameId, withFields } from './shape.js';
import { seg, type Http, type Shape } from './types.js';

export type AccessTokenItem = Components.Schemas.AccessTokenItem;
export type AccessTokenType = Components.Schemas.AccessTokenType;
export type ApiTokenParameters = Components.Schemas.AccessTokenParameters;
/** The one response that carries the token itself; it is never shown again. */
export type CreatedAccessToken = AccessTokenItem & { token: string };

/** The API's limits for `expires_in` given in seconds; longer lifetimes go as a string with a unit. */
const MIN_SECONDS = 30;
const MAX_INTEGER_SECONDS = 604_800;

/**
 * A lifetime as the API takes it: whole seconds up to 7 days (its integer form), longer ones in
 * the string form with the largest exact unit ("30d"), so no lifetime is rounded.
 */
export function expiresIn(seconds: number, flag: string): Components.Schemas.ExpiresIn {
  if (seconds < MIN_SECONDS) throw new UsageError(`${flag} must be at least ${MIN_SECONDS} seconds, got ${seconds}.`);
  return seconds <= MAX_INTEGER_SECONDS ? seconds : formatDuration(seconds);
}

const tokenItem = withFields(record<AccessTokenItem>('an access token', 'id'), { assignments: list('an array of role ids', id) });
const createdToken: Shape<CreatedAccessToken> = record<CreatedAccessToken>('the new access token', 'id', 'token');

/** Tokens of the calling user; the API leaves out system-generated ones. */
export const listAccessTokens = (http: Http, tokenTypes?: AccessTokenType[]) =>
  http.read('access-token', 'GET', '/v1/access-tokens', list('an array of access tokens', tokenItem), { query: { token_type: tokenTypes } });

/** An API token: the type the API creates when the body names none. */
export const createAccessToken = (http: Http, params: ApiTokenParameters) =>
  http.change('access-token', 'POST', '/v1/access-tokens', createdToken, { body: params satisfies Paths.CreateAccessToken.RequestBody });

/** Answers the revoked token; an empty answer still means it is gone. */
export const revokeAccessToken = (http: Http, tokenId: string) =>
  http.change('access-token', 'DELETE', `/v1/access-tokens/${seg(tokenId)}`, optional(sameId(tokenItem, tokenId)));
