import { getPartnerByToken } from '../../api/partner-directory.js';
import type { CommonFlags, Context } from '../../context.js';
import { secretArgument } from '../../password.js';
import { defineVerb } from '../define.js';
import { PARTNER_VIEW } from './views.js';

export async function invitation(ctx: Context, _opts: CommonFlags, tokenArg: string): Promise<void> {
  const token = await secretArgument(ctx, tokenArg, 'invitation token');
  await ctx.out.record(await getPartnerByToken(await ctx.http(), token), PARTNER_VIEW);
}

export default defineVerb({
  name: 'invitation <token>',
  summary: 'Show the partner invitation behind a token (no login needed)',
  description: 'Show the partner invitation behind an invitation token (Partner Directory API, public: GET /v1/partner-directory/public/getPartnerByToken).\n`-` reads the token from stdin (argv is visible in `ps`).',
  json: true,
  examples: ['epi partners invitation "$INVITE_TOKEN"'],
  run: invitation,
});
