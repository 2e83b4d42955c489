import { getMeV2 } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { decodeToken, isExpired, KIND_LABEL } from '../../config/token.js';
import { AuthError, UsageError } from '../../errors.js';
import { readStdin } from '../../input.js';
import { defineVerb } from '../define.js';

export interface LoginOptions extends CommonFlags {
  withToken?: boolean;
}

async function readToken(ctx: Context, o: LoginOptions): Promise<string> {
  if (o.withToken) return (await readStdin(ctx.io, '--with-token')).trim();
  if (!ctx.canPrompt) {
    throw new UsageError('No token given.', { hint: 'Pipe one in with --with-token, e.g. `echo "$EPILOT_TOKEN" | epi auth login --with-token`.' });
  }
  return (await ctx.prompter.secret('Paste your epilot token (input is hidden):')).trim();
}

export async function login(ctx: Context, o: LoginOptions): Promise<void> {
  const token = await readToken(ctx, o);
  if (!token) throw new UsageError('The token is empty.', { hint: 'Create an access token in epilot 360 under Settings → Access tokens.' });
  const info = decodeToken(token);
  if (!info) throw new UsageError('That is not an epilot token: it cannot be decoded as a JWT.', { hint: 'Copy the whole token, e.g. from epilot 360 under Settings → Access tokens.' });
  if (isExpired(info, ctx.now())) {
    throw new AuthError(`That token expired at ${info.expiresAt!.toISOString()}.`, { hint: 'Create or copy a fresh token and log in again.' });
  }
  // The API is the judge of a token: check it before storing it.
  const me = await getMeV2(await ctx.httpWithToken(token));
  const session = await ctx.session({ create: true });
  const orgId = info.orgId ?? me?.organization_id;
  const email = me?.email ?? info.email;
  const userId = info.userId ?? me?.id;
  // token_id names an API token `epi tokens` created; a token from a login is another one.
  await session.config.updateProfile(session.profileName, (p) => ({ ...p, token, email, org_id: orgId, user_id: userId, token_id: undefined }));

  ctx.out.info(`Logged in to organization ${orgId ?? '(unknown)'} as ${email ?? info.userId ?? 'unknown user'} (profile "${session.profileName}", ${KIND_LABEL[info.kind]}).`);
  if (ctx.env.EPILOT_TOKEN) ctx.out.warn('EPILOT_TOKEN is set and is used instead of the stored token while it stays set.');
  if (ctx.out.json) {
    ctx.out.rawJson({ profile: session.profileName, org_id: orgId ?? null, user_id: userId ?? null, email: email ?? null, token_kind: info.kind });
  }
}

export default defineVerb<LoginOptions>({
  name: 'login',
  summary: 'Store a token for the profile after checking it with the API',
  description:
    'Store an epilot token (a Cognito user token or an API access token) in the profile.\nThe token is read from a hidden prompt, or from stdin with --with-token; it is checked with GET /v2/users/me and never printed.',
  json: true,
  flags: (cmd) => cmd.option('--with-token', 'read the token from stdin'),
  examples: ['epi auth login', 'echo "$TOKEN" | epi auth login --with-token --profile staging'],
  run: login,
});
