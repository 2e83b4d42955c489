import type { Command } from '@commander-js/extra-typings';
import { getMeV2 } from '../../api/user.js';
import type { CommonFlags, Context, Session } from '../../context.js';
import { decodeToken, isExpired, KIND_LABEL } from '../../config/token.js';
import { AuthError, EpiError, ExitCode, UsageError } from '../../errors.js';
import { readStdin } from '../../input.js';
import { defineVerb } from '../define.js';
import { listenForCallback, loginRequest, portalUrl, type Callback } from './callback.js';

export interface LoginOptions extends CommonFlags {
  withToken?: boolean;
  /** false with --no-browser: print the URL only. */
  browser?: boolean;
  readonly?: boolean;
}

/** How long the browser login waits for the portal (or a pasted token). */
export const LOGIN_TIMEOUT_MS = 5 * 60_000;

export async function login(ctx: Context, o: LoginOptions): Promise<void> {
  if (o.withToken) return storeToken(ctx, (await readStdin(ctx.io, '--with-token')).trim());
  if (!ctx.canPrompt) {
    throw new UsageError('`epi auth login` opens a browser and needs a terminal; there is none here (or CI / --no-input is set).', {
      hint: 'Pipe a token in with --with-token, e.g. `echo "$EPILOT_TOKEN" | epi auth login --with-token`.',
    });
  }
  await browserLogin(ctx, o);
}

type Arrival = { kind: 'callback'; callback: Callback } | { kind: 'pasted'; token: string };

async function browserLogin(ctx: Context, o: LoginOptions): Promise<void> {
  const session = await ctx.session({ allowMissing: true });
  const portal = portalUrl(session.env, ctx.env);
  const listener = await listenForCallback();
  const request = loginRequest(portal, listener.callbackUrl, !!o.readonly);
  const stopAsking = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    ctx.out.info(`Your verification code is ${request.code}; the browser shows the same code when the login is done.`);
    ctx.out.info(`Log in to epilot in your browser at:\n  ${request.url}`);
    if (o.browser !== false) await openBrowser(ctx, request.url);
    const callback = listener
      .next(request.state, (why) => ctx.out.warn(`Refused a login callback with ${why}: it did not come from this login. Still waiting.`))
      .then((c): Arrival => ({ kind: 'callback', callback: c }));
    // The fallback when the browser runs on another machine: paste the token here.
    const pasted = ctx.prompter
      .secret('Waiting for the browser. Or paste a token here (input is hidden):', { signal: stopAsking.signal })
      .then(
        (token): Arrival => ({ kind: 'pasted', token: token.trim() }),
        (error) => (stopAsking.signal.aborted ? new Promise<never>(() => undefined) : Promise.reject(error)),
      );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EpiError(`No login arrived within ${LOGIN_TIMEOUT_MS / 60_000} minutes; nothing was stored.`, {
        hint: 'Run `epi auth login` again, or pipe a token in with --with-token.',
      })), LOGIN_TIMEOUT_MS);
    });
    const arrival = await Promise.race([callback, pasted, timeout]);
    stopAsking.abort();
    clearTimeout(timer);
    if (arrival.kind === 'pasted') return await storeToken(ctx, arrival.token);
    try {
      await storeToken(ctx, arrival.callback.token);
    } catch (error) {
      arrival.callback.answer(error instanceof EpiError && error.exitCode === ExitCode.Auth ? 401 : 400, 'Login failed', `${(error as Error).message} Nothing was stored; see your terminal.`);
      throw error;
    }
    arrival.callback.answer(200, 'Logged in to epi', `Verification code: ${request.code}. You can close this tab.`);
  } finally {
    stopAsking.abort();
    clearTimeout(timer);
    listener.close();
  }
}

/** `open` is loaded only here, so no other command pays for it. A failure leaves the printed URL to the user. */
async function openBrowser(ctx: Context, url: string): Promise<void> {
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.once('error', () => undefined);
  } catch (error) {
    ctx.out.warn(`Could not open a browser (${(error as Error).message}); open the URL above yourself.`);
  }
}

/** Checks a token with the API, then stores it with who it belongs to. Shared by every way in. */
async function storeToken(ctx: Context, token: string): Promise<void> {
  if (!token) throw new UsageError('The token is empty.', { hint: 'Create an access token in epilot 360 under Settings → Access tokens.' });
  const info = decodeToken(token);
  if (!info) throw new UsageError('That is not an epilot token: it cannot be decoded as a JWT.', { hint: 'Copy the whole token, e.g. from epilot 360 under Settings → Access tokens.' });
  if (isExpired(info, ctx.now())) {
    throw new AuthError(`That token expired at ${info.expiresAt!.toISOString()}.`, { hint: 'Create or copy a fresh token and log in again.' });
  }
  // The API is the judge of a token: check it before storing it.
  const me = await getMeV2(await ctx.httpWithToken(token));
  const session = await ctx.session({ allowMissing: true });
  const orgId = info.orgId ?? me?.organization_id;
  const email = me?.email ?? info.email;
  const userId = info.userId ?? me?.id;
  await confirmOrgChange(ctx, session, orgId);
  // token_id names an API token `epi tokens` created; a token from a login is another one.
  await session.config.updateProfile(session.profileName, (p) => ({ ...p, token, email, org_id: orgId, user_id: userId, token_id: undefined }));

  ctx.out.info(`Logged in to organization ${orgId ?? '(unknown)'} as ${email ?? userId ?? 'unknown user'} (profile "${session.profileName}", ${KIND_LABEL[info.kind]}).`);
  if (ctx.env.EPILOT_TOKEN) ctx.out.warn('EPILOT_TOKEN is set and is used instead of the stored token while it stays set.');
  if (ctx.out.json) {
    ctx.out.rawJson({ profile: session.profileName, org_id: orgId ?? null, user_id: userId ?? null, email: email ?? null, token_kind: info.kind });
  }
}

/** A "sandbox" profile must not silently start pointing at another organization. */
async function confirmOrgChange(ctx: Context, session: Session, orgId: string | undefined): Promise<void> {
  const stored = session.profile.token ? (session.profile.org_id ?? decodeToken(session.profile.token)?.orgId) : undefined;
  if (!stored || !orgId || stored === orgId) return;
  await ctx.confirm(`Profile "${session.profileName}" holds a token for organization ${stored}. Replace it with a token for organization ${orgId}?`);
}

export default defineVerb({
  name: 'login',
  summary: 'Log in through the browser (or store a token from stdin) for the profile',
  description: [
    'Log in to epilot: opens the portal in your browser and waits for it to call back on a loopback port.',
    'The URL is always printed (--no-browser only prints it, e.g. over SSH); a token pasted at the hidden prompt works too.',
    'With --with-token the token (a Cognito user token or an API access token) is read from stdin instead; needed without a terminal.',
    'Every token is checked with GET /v2/users/me before it is stored, and never printed.',
    'Replacing a stored token of another organization asks first (--yes without a terminal).',
  ].join('\n'),
  json: true,
  confirm: true,
  flags: (cmd: Command) =>
    cmd
      .option('--with-token', 'read the token from stdin')
      .option('--no-browser', 'print the login URL without opening a browser')
      .option('--readonly', 'ask the portal for a read-only token'),
  examples: ['epi auth login', 'epi auth login --no-browser --profile staging --env staging', 'echo "$TOKEN" | epi auth login --with-token --profile ci'],
  run: login,
});
