import type { Command } from '@commander-js/extra-typings';
import { sendPasswordReset } from '../../api/user.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { validEmail } from '../../input.js';
import { defineVerb } from '../define.js';

export interface ResetPasswordOptions extends CommonFlags {
  email?: string;
}

export async function resetPassword(ctx: Context, o: ResetPasswordOptions): Promise<void> {
  const email = validEmail(await ctx.require(o.email, '--email', 'Email of the user:'), '--email');
  const result = await sendPasswordReset(await ctx.http(), { email });
  if (isPlanned(result)) return;
  ctx.out.info(`Sent a password reset email to ${email}.`);
  if (ctx.out.json) await ctx.out.record(result, { columns: [], fields: ['success'] });
}

export default defineVerb({
  name: 'reset-password',
  summary: 'Email a user a link to set a new password',
  description: 'Email a user a link to set a new password (POST /v2/users:sendPasswordReset). Needs user:edit on that user.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) => cmd.option('--email <email>', 'email address of the user'),
  examples: ['epi users reset-password --email anna@acme.example'],
  run: resetPassword,
});
