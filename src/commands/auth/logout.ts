import type { Command } from '@commander-js/extra-typings';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';

export interface LogoutOptions extends CommonFlags {
  all?: boolean;
}

export async function logout(ctx: Context, o: LogoutOptions): Promise<void> {
  const s = await ctx.session();
  // Decided under the config lock, on the file as it is now: a login running at the same time
  // cannot bring back a token this reports as removed.
  const removed = await s.config.removeCredentials(o.all ? undefined : [s.profileName]);
  if (removed.length) ctx.out.info(`Removed the stored token from ${removed.map((n) => `"${n}"`).join(', ')}.`);
  else ctx.out.info(o.all ? 'No profile has a stored token.' : `Profile "${s.profileName}" has no stored token.`);
  if (ctx.env.EPILOT_TOKEN) ctx.out.warn('EPILOT_TOKEN is still set in your environment; unset it to stop using that token.');
  if (ctx.out.json) ctx.out.rawJson({ removed });
}

export default defineVerb({
  name: 'logout',
  summary: "Remove the profile's stored token (--all: every profile's)",
  json: true,
  flags: (cmd: Command) => cmd.option('--all', 'remove the tokens of all profiles'),
  run: logout,
});
