import { revokeAccessToken, type CreatedAccessToken } from '../../api/access-token.js';
import type { Http } from '../../api/types.js';
import { getMeV2 } from '../../api/user.js';
import type { Context } from '../../context.js';
import { EpiError } from '../../errors.js';

/**
 * Puts a new API token into a profile the way `auth login` would: it is checked with
 * GET /v2/users/me first, and stored with its id so `epi tokens rotate` can replace it later.
 * A token that fails the check or cannot be stored is revoked again: its value is never shown,
 * so nobody could use it. The error says which tokens exist afterwards.
 */
export async function storeNewToken(ctx: Context, http: Http, profileName: string, created: CreatedAccessToken, keeps: string): Promise<void> {
  const session = await ctx.session();
  let step = `checking it with GET /v2/users/me`;
  try {
    const me = await getMeV2(await ctx.httpWithToken(created.token));
    step = `storing it in profile "${profileName}"`;
    await session.config.updateProfile(profileName, (current) => ({
      ...current,
      // The token belongs to this environment: a profile that pointed elsewhere would send it to the wrong API.
      env: current.env !== undefined || session.env !== 'prod' ? session.env : undefined,
      token: created.token,
      token_id: created.id,
      email: me.email,
      org_id: me.organization_id === undefined ? undefined : String(me.organization_id),
      user_id: me.id === undefined ? undefined : String(me.id),
    }));
  } catch (error) {
    const cleanup = await revokeQuietly(http, created.id);
    throw new EpiError(`New token ${created.id} failed while ${step}: ${(error as Error).message}`, {
      hint: `${cleanup} ${keeps}`,
      cause: error,
    });
  }
}

/** Revokes a token that must not stay behind, and says whether that worked. */
async function revokeQuietly(http: Http, id: string): Promise<string> {
  try {
    await revokeAccessToken(http, id);
    return `Token ${id} was revoked again, so no unused token is left behind.`;
  } catch (error) {
    return `Token ${id} could not be revoked (${(error as Error).message}): revoke it with \`epi tokens revoke ${id} --yes\`.`;
  }
}
