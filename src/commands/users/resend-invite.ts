import type { Command } from '@commander-js/extra-typings';
import { INVITE_LANGUAGES, resendInvitation, type InviteLanguage } from '../../api/user.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { compact, oneOf, validEmail } from '../../input.js';
import { defineVerb } from '../define.js';
import { USER_VIEW } from './views.js';

export interface ResendInviteOptions extends CommonFlags {
  email?: string;
  language?: string;
}

export async function resendInvite(ctx: Context, o: ResendInviteOptions): Promise<void> {
  const language = o.language === undefined ? undefined : oneOf<InviteLanguage>(o.language, INVITE_LANGUAGES, '--language');
  const email = validEmail(await ctx.require(o.email, '--email', 'Email of the invited user:'), '--email');
  const user = await resendInvitation(await ctx.http(), compact({ email, language }));
  if (isPlanned(user)) return;
  ctx.out.info(`Sent the invitation to ${email} again.`);
  if (ctx.out.json && user) await ctx.out.record(user, USER_VIEW);
}

export default defineVerb({
  name: 'resend-invite',
  summary: 'Send the invitation email to a pending user again',
  json: true,
  dryRun: true,
  flags: (cmd: Command) => cmd.option('--email <email>', 'email address of the invited user').option('--language <lang>', `language of the email: ${INVITE_LANGUAGES.join(' or ')}`),
  examples: ['epi users resend-invite --email anna@acme.example', 'epi users resend-invite --email anna@acme.example --language de'],
  run: resendInvite,
});
