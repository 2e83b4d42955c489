import { deletePasskey } from '../../../api/user-me.js';
import { isPlanned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { UsageError } from '../../../errors.js';
import { defineVerb } from '../../define.js';

export async function remove(ctx: Context, _opts: CommonFlags, credentialId: string): Promise<void> {
  if (!credentialId.trim()) throw new UsageError('The credential id is empty.', { hint: 'See the ids with `epi me passkeys list`.' });
  await ctx.confirm(`Delete passkey ${credentialId}? You can no longer sign in with it.`);
  if (isPlanned(await deletePasskey(await ctx.http(), credentialId))) return;
  ctx.out.info(`Deleted passkey ${credentialId}.`);
  if (ctx.out.json) ctx.out.rawJson({ credential_id: credentialId, deleted: true });
}

export default defineVerb({
  name: 'delete <credential-id>',
  summary: 'Delete one of your passkeys (asks first; --yes in scripts)',
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  examples: ['epi me passkeys delete AbC123-_x --yes'],
  run: remove,
});
