import type { Command } from '@commander-js/extra-typings';
import { createAccessToken, expiresIn, listAccessTokens, revokeAccessToken, type ApiTokenParameters } from '../../api/access-token.js';
import { isPlanned } from '../../api/types.js';
import { decodeToken } from '../../config/token.js';
import type { CommonFlags, Context } from '../../context.js';
import { formatDuration, parseDuration } from '../../duration.js';
import { EpiError, NotFoundError, UsageError } from '../../errors.js';
import { defineVerb } from '../define.js';
import { storeNewToken } from './profile-token.js';

export interface RotateTokenOptions extends CommonFlags {
  revoke?: string;
  expiresIn?: string;
}

/**
 * Replaces the profile's API token with a new one of the same name, roles and lifetime. The order
 * keeps the profile working whatever fails: create, check, store, and only then revoke the old one.
 */
export async function rotate(ctx: Context, o: RotateTokenOptions): Promise<void> {
  const session = await ctx.session();
  const profileName = session.profileName;
  const stored = session.profile;
  if (!stored.token) {
    throw new UsageError(`Profile "${profileName}" holds no token to rotate.`, {
      hint: `Create one with \`epi tokens create --name <name> --save-profile ${profileName}\`.`,
    });
  }
  const oldId = o.revoke?.trim() || stored.token_id;
  if (!oldId) {
    throw new UsageError(`epi does not know the id of the token in profile "${profileName}" (it was not created with --save-profile).`, {
      hint: 'Find it with `epi tokens list` and pass it: epi tokens rotate --revoke <id>.',
    });
  }
  if (o.revoke && stored.token_id && o.revoke.trim() !== stored.token_id) {
    throw new UsageError(`--revoke ${o.revoke} is not the token stored in profile "${profileName}" (${stored.token_id}).`, {
      hint: 'Leave out --revoke: epi knows which token this profile holds.',
    });
  }
  const lifetime = lifetimeOf(o, stored.token, profileName);
  const http = await ctx.http();
  const old = (await listAccessTokens(http)).find((t) => t.id === oldId);
  if (!old) {
    throw new NotFoundError(`Token ${oldId} of profile "${profileName}" is not among your access tokens; it may have been revoked already.`, {
      hint: `Nothing was changed. Create a new one with \`epi tokens create --name <name> --save-profile ${profileName}\`.`,
    });
  }
  const params: ApiTokenParameters = { name: old.name };
  if (old.assignments?.length) params.assignments = old.assignments;
  if (lifetime !== undefined) params.expires_in = expiresIn(lifetime, '--expires-in');

  if (ctx.dryRun) {
    const roles = old.assignments?.length ? old.assignments.join(', ') : 'your own roles';
    ctx.out.info(`Plan for profile "${profileName}":`);
    ctx.out.info(`  1. create token "${old.name}" (roles: ${roles}; lifetime: ${lifetime === undefined ? "the API's default" : formatDuration(lifetime)})`);
    ctx.out.info('  2. check the new token with GET /v2/users/me');
    ctx.out.info(`  3. store it in profile "${profileName}"`);
    ctx.out.info(`  4. revoke the old token ${oldId}`);
  }
  const created = await createAccessToken(http, params);
  if (isPlanned(created)) {
    await revokeAccessToken(http, oldId);
    return;
  }
  await storeNewToken(ctx, http, profileName, created, `Profile "${profileName}" still holds the old token ${oldId}, which was not revoked.`);
  try {
    await revokeAccessToken(http, oldId);
  } catch (error) {
    throw new EpiError(`Profile "${profileName}" now holds the new token ${created.id} (checked), but revoking the old token ${oldId} failed: ${(error as Error).message}`, {
      hint: `The old token still works until you revoke it: epi tokens revoke ${oldId} --yes`,
      cause: error,
    });
  }
  ctx.out.info(`Rotated profile "${profileName}": new token ${created.id} is stored and checked; old token ${oldId} is revoked.`);
  if (ctx.out.json) ctx.out.rawJson({ profile: profileName, id: created.id, name: old.name, revoked: oldId });
}

/** The old token's lifetime (its exp minus its iat), unless --expires-in sets another. */
function lifetimeOf(o: RotateTokenOptions, token: string, profileName: string): number | undefined {
  if (o.expiresIn !== undefined) return parseDuration(o.expiresIn, '--expires-in');
  const { expiresAt, issuedAt } = decodeToken(token) ?? {};
  if (!expiresAt) return undefined;
  if (!issuedAt) {
    throw new UsageError(`The token in profile "${profileName}" expires, but epi cannot tell its lifetime (it carries no issue time).`, {
      hint: 'Pass --expires-in <duration>, e.g. --expires-in 30d.',
    });
  }
  return Math.round((expiresAt.getTime() - issuedAt.getTime()) / 1000);
}

export default defineVerb({
  name: 'rotate',
  summary: "Replace a profile's API token with a new one, then revoke the old one",
  description: `Replace the API token stored in a profile (--profile, default "default") with a new
token of the same name, roles and lifetime, in an order that never leaves the profile without a
working token:
  1. create the new token (POST /v1/access-tokens)
  2. check it with GET /v2/users/me
  3. store it in the profile
  4. revoke the old token (DELETE /v1/access-tokens/{id})
If a step fails, the error says which token exists and which was revoked; a new token that never
reached the profile is revoked again. --dry-run prints the plan and the requests.

epi knows the id of tokens it stored with \`epi tokens create --save-profile\`; for a token stored
another way, pass its id with --revoke <id> (see \`epi tokens list\`).`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--revoke <id>', "the id of the profile's current token, when epi did not create it")
      .option('--expires-in <duration>', 'a different lifetime for the new token: 30d, 12h, 3600 (seconds)'),
  examples: ['epi tokens rotate --profile ci', 'epi tokens rotate --profile ci --dry-run', 'epi tokens rotate --profile ci --revoke api_5ZugdRXasLfWBypHi93Fk'],
  run: rotate,
});
