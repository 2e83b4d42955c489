import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { Context } from './context.js';
import { UsageError } from './errors.js';
import { readStdin } from './input.js';

export interface PasswordFlags {
  passwordStdin?: boolean;
}

export const passwordFlag = <A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) =>
  cmd.option('--password-stdin', 'read the password from stdin (otherwise a hidden prompt asks for it)');

/**
 * A new password, never from a flag value (it would end up in shell history and `ps`): read from
 * stdin with --password-stdin (one trailing newline dropped), or asked twice at a hidden prompt.
 */
export async function newPassword(ctx: Context, o: PasswordFlags): Promise<string> {
  if (o.passwordStdin) {
    const password = (await readStdin(ctx.io, '--password-stdin')).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('The password from stdin is empty.', { hint: 'e.g. `printf "%s" "$PASSWORD" | epi ... --password-stdin`.' });
    ctx.secrets.add(password);
    return password;
  }
  const password = await ctx.require(undefined, '--password-stdin', 'New password:', { secret: true });
  const again = await ctx.prompter.secret('Repeat the password:');
  if (again !== password) throw new UsageError('The passwords do not match; nothing was sent.', { hint: 'Run the command again.' });
  ctx.secrets.add(password);
  return password;
}

/**
 * A secret given as an argument or flag value (an invitation token): `-` reads it from stdin,
 * since argv is visible to everyone on the machine in `ps`. Either way it joins the secrets kept
 * out of stderr. `stdinTaken` names another input that already reads stdin (e.g. --password-stdin).
 */
export async function secretArgument(ctx: Context, value: string, what: string, stdinTaken?: string): Promise<string> {
  if (value === '-' && stdinTaken) {
    throw new UsageError(`The ${what} and ${stdinTaken} cannot both come from stdin.`, { hint: `Give the ${what} as an argument, or use the hidden prompt instead of ${stdinTaken}.` });
  }
  const secret = value === '-' ? (await readStdin(ctx.io, `${what} "-"`)).trim() : value.trim();
  if (!secret) throw new UsageError(`The ${what} is empty.`);
  ctx.secrets.add(secret);
  return secret;
}
