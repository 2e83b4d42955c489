import type { Command } from '@commander-js/extra-typings';
import { activateUser, checkInviteToken } from '../../api/user-public.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { compact } from '../../input.js';
import { defineVerb } from '../define.js';
import { newPassword, passwordFlag, secretArgument, type PasswordFlags } from '../../password.js';
import { TOKEN_ARG_HELP } from './view.js';

export interface AcceptInviteOptions extends CommonFlags, PasswordFlags {
  displayName?: string;
}

export async function accept(ctx: Context, o: AcceptInviteOptions, tokenArg: string): Promise<void> {
  const token = await secretArgument(ctx, tokenArg, 'invitation token', o.passwordStdin ? '--password-stdin' : undefined);
  if (o.displayName !== undefined && !o.displayName.trim()) throw new UsageError('--display-name is empty.');
  const http = await ctx.http();
  // Checking first means a wrong or used token fails (exit 3) before anyone types a password.
  const invite = await checkInviteToken(http, token);
  const password = await newPassword(ctx, o);
  if (isPlanned(await activateUser(http, token, compact({ display_name: o.displayName?.trim(), password })))) return;
  ctx.out.info(`Invitation accepted: your user is active in ${invite?.invitation_org_name ?? 'the organization'} (${invite?.invitation_org_id}). Sign in to epilot 360, then store a token with \`epi auth login\`.`);
  if (ctx.out.json) ctx.out.rawJson({ accepted: true, ...invite });
}

export default defineVerb({
  name: 'accept <token>',
  summary: 'Accept an invitation: activate the invited user with a display name and password',
  description:
    `Accept an invitation: set the invited user's display name and password and activate it (POST /v2/users/public/activate).\n${TOKEN_ARG_HELP}\nThe password comes from a hidden prompt, asked twice, or from stdin with --password-stdin; never from a flag.`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) => passwordFlag(cmd.option('--display-name <name>', 'your name as others see it (default: your email address)')),
  examples: ['epi invites accept "$TOKEN" --display-name "Ada Admin"', 'printf "%s" "$PASSWORD" | epi invites accept "$TOKEN" --display-name "Ada Admin" --password-stdin'],
  run: accept,
});
