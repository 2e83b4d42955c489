import { rejectInvite } from '../../api/user-public.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { secretArgument } from '../../password.js';
import { defineVerb } from '../define.js';
import { TOKEN_ARG_HELP } from './view.js';

export async function reject(ctx: Context, _opts: CommonFlags, tokenArg: string): Promise<void> {
  const token = await secretArgument(ctx, tokenArg, 'invitation token');
  await ctx.confirm('Reject this invitation? The link stops working.');
  const result = await rejectInvite(await ctx.http(), token);
  if (isPlanned(result)) return;
  ctx.out.info('Invitation rejected.');
  if (ctx.out.json) ctx.out.rawJson(result ?? { success: true });
}

export default defineVerb({
  name: 'reject <token>',
  summary: 'Reject an invitation (asks first; --yes in scripts)',
  description: `Reject an invitation (DELETE /v2/users/public/reject). ${TOKEN_ARG_HELP}\nSee where it is from first with \`epi invites check <token>\`.`,
  json: true,
  dryRun: true,
  confirm: true,
  examples: ['epi invites reject "$TOKEN" --yes'],
  run: reject,
});
