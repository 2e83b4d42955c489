import { checkInviteToken } from '../../api/user-public.js';
import type { CommonFlags, Context } from '../../context.js';
import { secretArgument } from '../../password.js';
import { defineVerb } from '../define.js';
import { INVITE_VIEW, TOKEN_ARG_HELP } from './view.js';

export async function check(ctx: Context, _opts: CommonFlags, tokenArg: string): Promise<void> {
  const token = await secretArgument(ctx, tokenArg, 'invitation token');
  await ctx.out.record(await checkInviteToken(await ctx.http(), token), INVITE_VIEW);
}

export default defineVerb({
  name: 'check <token>',
  summary: 'Show which organization an invitation token is from (exit 3 if unknown)',
  description: `Show which organization an invitation is from and for which user (GET /v2/users/public/checkToken).\n${TOKEN_ARG_HELP}`,
  json: true,
  examples: ['epi invites check 3f9c0a7e-...', 'epi invites check "$TOKEN" --json invitation_org_name', 'printf %s "$TOKEN" | epi invites check -'],
  run: check,
});
