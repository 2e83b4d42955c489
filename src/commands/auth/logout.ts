import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';

export interface LogoutOptions extends CommonFlags {
  all?: boolean;
}

export async function logout(ctx: Context, o: LogoutOptions): Promise<void> {
  const s = await ctx.session();
  const names = o.all ? s.config.profileNames() : [s.profileName];
  const removed: string[] = [];
  for (const name of names) {
    const profile = s.config.profile(name);
    if (!profile.token) continue;
    await s.config.saveProfile(name, { ...profile, token: undefined, email: undefined });
    removed.push(name);
  }
  if (removed.length) ctx.out.info(`Removed the stored token from ${removed.map((n) => `"${n}"`).join(', ')}.`);
  else ctx.out.info(o.all ? 'No profile has a stored token.' : `Profile "${s.profileName}" has no stored token.`);
  if (ctx.env.EPILOT_TOKEN) ctx.out.warn('EPILOT_TOKEN is still set in your environment; unset it to stop using that token.');
  if (ctx.out.json) ctx.out.rawJson({ removed });
}

export default defineVerb<LogoutOptions>({
  name: 'logout',
  summary: "Remove the profile's stored token (--all: every profile's)",
  json: true,
  flags: (cmd) => cmd.option('--all', 'remove the tokens of all profiles'),
  run: logout,
});
