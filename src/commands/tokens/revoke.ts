import type { Command } from '@commander-js/extra-typings';
import { revokeAccessToken } from '../../api/access-token.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { defineVerb } from '../define.js';

export interface RevokeTokenOptions extends CommonFlags {
  force?: boolean;
}

export async function revoke(ctx: Context, o: RevokeTokenOptions, id: string): Promise<void> {
  const tokenId = id.trim();
  if (!tokenId) throw new UsageError('<id> is empty.', { hint: '`epi tokens list` shows the ids.' });
  const session = await ctx.session();
  // The profile knows the id of a token epi created for it; revoking it would cut this command off mid-way.
  const inUse = session.tokenSource === 'profile' && session.profile.token_id === tokenId;
  if (inUse && !o.force) {
    throw new UsageError(`Token ${tokenId} is the one this command is using (profile "${session.profileName}"); revoking it would log this profile out.`, {
      hint: `Rotate it instead (\`epi tokens rotate --profile ${session.profileName}\`), use another profile, or pass --force to revoke it anyway.`,
    });
  }
  await ctx.confirm(`Revoke access token ${tokenId}? Anything using it stops working.`);
  const revoked = await revokeAccessToken(await ctx.http(), tokenId);
  if (isPlanned(revoked)) return;
  if (inUse) await session.config.removeCredentials([session.profileName]);
  ctx.out.info(`Revoked token ${tokenId}${revoked?.name ? ` ("${revoked.name}")` : ''}.${inUse ? ` Profile "${session.profileName}" no longer holds a token.` : ''}`);
  if (ctx.out.json) ctx.out.rawJson({ id: tokenId, revoked: true });
}

export default defineVerb({
  name: 'revoke <id>',
  summary: 'Revoke an API access token (asks first; --yes in scripts)',
  description: `Revoke an access token (Access Token API: DELETE /v1/access-tokens/{id}); anything using it
stops working. Revoking the token this command itself uses is refused unless --force.`,
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => cmd.option('--force', 'revoke it even if it is the token this command is using'),
  examples: ['epi tokens revoke api_5ZugdRXasLfWBypHi93Fk', 'epi tokens revoke api_5ZugdRXasLfWBypHi93Fk --yes'],
  run: revoke,
});
