import type { Command } from '@commander-js/extra-typings';
import { listAccessTokens } from '../../api/access-token.js';
import { decodeToken } from '../../config/token.js';
import type { CommonFlags, Context } from '../../context.js';
import { pagingFlags, printPaged, wholeListPages, type PageFlags } from '../../paging.js';
import { defineVerb } from '../define.js';
import { TOKEN_VIEW, type TokenRow } from './views.js';

export interface ListTokensOptions extends CommonFlags, PageFlags {}

export async function list(ctx: Context, o: ListTokensOptions): Promise<void> {
  const http = await ctx.http();
  const expiry = await knownExpiries(ctx);
  const load = async (): Promise<TokenRow[]> =>
    (await listAccessTokens(http)).map((t) => (expiry.has(t.id) ? { ...t, expires_at: expiry.get(t.id) } : t));
  await printPaged(ctx, wholeListPages(load), TOKEN_VIEW, o);
}

/**
 * The API reports no expiry, but a token epi stored in a profile carries its own: token id →
 * expiry, read from every profile whose token epi created.
 */
async function knownExpiries(ctx: Context): Promise<Map<string, string>> {
  const { config } = await ctx.session();
  const found = new Map<string, string>();
  for (const name of config.profileNames()) {
    const { token, token_id: tokenId } = config.profile(name);
    const expiresAt = token && tokenId ? decodeToken(token)?.expiresAt : undefined;
    if (tokenId && expiresAt) found.set(tokenId, expiresAt.toISOString());
  }
  return found;
}

export default defineVerb({
  name: 'list',
  summary: 'List your API access tokens',
  description: [
    'List the access tokens of the signed-in user (Access Token API: GET /v1/access-tokens). The API leaves out tokens the system generated.',
    'The API does not report when a token expires; epi shows the expiry of tokens it stored in a profile (epi tokens create --save-profile) and leaves the others empty.',
  ].join('\n\n'),
  aliases: ['ls'],
  json: true,
  view: TOKEN_VIEW,
  flags: (cmd: Command) => pagingFlags(cmd),
  examples: ['epi tokens list', 'epi tokens list --json id,name,last_used'],
  run: list,
});
