import type { Fetch } from './api/fetch-classes.js';
import type { Http, PlannedRequest } from './api/types.js';
import { baseUrl, parseEnv, type Env, type Service } from './config/env.js';
import { checkProfileName, configDir, ConfigStore, type Profile } from './config/store.js';
import { decodeToken, freshTokenHint, isExpired, type TokenInfo, type TokenSource } from './config/token.js';
import { AuthError, DeclinedError, UsageError } from './errors.js';
import { serverLimits, type ServerLimits } from './limits.js';
import { Printer } from './output/printer.js';
import { SecretMask } from './output/redact.js';
import { sanitize } from './output/sanitize.js';
import { inquirerPrompter, type Prompter } from './prompter.js';
import { debugRequested, isTruthy, type IO, type Runtime, type StopSignal } from './runtime.js';
import { VERSION } from './version.js';

/** Flags every command accepts (declared once on the program). */
export interface GlobalFlags {
  profile?: string;
  env?: string;
  debug?: boolean;
  /** Seconds. */
  timeout?: number;
  maxRetries?: number;
  /** false with --no-input. */
  input?: boolean;
  /** MB; see limits.ts. */
  maxBody?: number;
  maxRecords?: number;
}

/** Flags a command opts into: --json (with --format, --jq), --dry-run, --yes. */
export interface CommonFlags {
  json?: string | boolean;
  format?: string;
  jq?: string;
  /** --ndjson, declared by paged lists (paging.ts). */
  ndjson?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

export interface Session {
  profileName: string;
  /** Why this profile: named by --profile or EPILOT_PROFILE, or the default. */
  profileSource: '--profile' | 'EPILOT_PROFILE' | 'default';
  profile: Profile;
  env: Env;
  token?: string;
  tokenSource?: TokenSource;
  tokenInfo?: TokenInfo;
  config: ConfigStore;
}

/**
 * What a command gets to do its work: streams, printer, prompter, config and API access.
 * Everything expensive (the config file, the HTTP stack) is loaded on first use, so --help,
 * usage errors and --dry-run never pay for it.
 */
export class Context {
  readonly io: IO;
  readonly env: Record<string, string | undefined>;
  readonly out: Printer;
  readonly prompter: Prompter;
  readonly dryRun: boolean;
  readonly debugEnabled: boolean;
  private configPromise?: Promise<ConfigStore>;
  private sessionPromise?: Promise<Session>;
  private httpPromise?: Promise<Http>;
  private bulkHttpPromise?: Promise<Http>;
  /** Secrets to keep out of stderr: the token in use, and any an argument or stdin gave. */
  readonly secrets: SecretMask;
  private serverLimits?: ServerLimits;

  constructor(
    private readonly runtime: Runtime,
    readonly flags: GlobalFlags & CommonFlags,
  ) {
    this.io = runtime.io;
    this.secrets = runtime.secrets ?? new SecretMask();
    this.env = runtime.env;
    this.dryRun = !!flags.dryRun;
    this.debugEnabled = debugRequested(flags.debug, runtime.env);
    const { json, format, jq, ndjson } = flags;
    this.out = new Printer({ io: this.io, env: this.env, json, format, jq, ndjson, dryRun: this.dryRun });
    this.prompter = runtime.prompter ?? inquirerPrompter(this.io);
  }

  /** Prompts only with a person at both ends: stdin and stdout are TTYs, CI is unset, no --no-input. */
  get canPrompt(): boolean {
    return this.io.stdinIsTTY && this.io.stdoutIsTTY && !isTruthy(this.env.CI) && this.flags.input !== false;
  }

  now(): number {
    return this.runtime.now?.() ?? Date.now();
  }

  /**
   * Asks before a destructive change. --yes skips the question; with no one to ask and no --yes
   * the command stops (exit 2) before anything is sent. Under --dry-run nothing is changed, so
   * there is nothing to confirm.
   */
  async confirm(question: string): Promise<void> {
    if (this.flags.yes || this.dryRun) return;
    if (!this.canPrompt) {
      throw new UsageError(`This needs confirmation: ${question}`, {
        hint: 'Pass --yes to confirm without a prompt (needed in scripts and CI), or --dry-run to see the request.',
      });
    }
    if (!(await this.prompter.confirm(sanitize(question)))) throw new DeclinedError();
  }

  /** Missing required input: prompt for it when a person is there, otherwise fail naming the flag. */
  async require(value: string | undefined, flag: string, question: string, options: { secret?: boolean } = {}): Promise<string> {
    if (value !== undefined && value !== '') return value;
    if (!this.canPrompt) throw new UsageError(`Missing ${flag}.`, { hint: `Pass ${flag} (prompting is off without a terminal, in CI or with --no-input).` });
    const answer = options.secret ? await this.prompter.secret(question) : await this.prompter.input(question);
    if (!answer.trim()) throw new UsageError(`No value given for ${flag}.`);
    // A secret is used exactly as typed; other answers lose stray spaces.
    return options.secret ? answer : answer.trim();
  }

  /** Resolves at the first Ctrl-C or SIGTERM, for commands that run until stopped (emulator serve). */
  untilStopped(): Promise<void> {
    return new Promise((resolve) => {
      const off = this.onStopSignal(() => {
        off();
        resolve();
      });
    });
  }

  /** How much a server may send (--max-body, --max-records and their environment variables). */
  get limits(): ServerLimits {
    this.serverLimits ??= serverLimits(this.flags, this.env);
    return this.serverLimits;
  }

  debug(line: string): void {
    if (this.debugEnabled) this.io.stderr.write(`[debug] ${sanitize(this.secrets.mask(line), { newlines: true, tabs: true })}\n`);
  }

  config(): Promise<ConfigStore> {
    this.configPromise ??= (this.runtime.config ? Promise.resolve(this.runtime.config) : ConfigStore.open(configDir(this.env))).then((store) => {
      for (const w of store.warnings) this.out.warn(w);
      return store;
    });
    return this.configPromise;
  }

  /**
   * The profile, env and token this command uses. A profile named by --profile or EPILOT_PROFILE
   * must exist (a typo must not fall back to another organization), except for the commands that
   * create one (`auth login`, `config set`) or list them (`auth list`), which pass `allowMissing`.
   */
  session(options: { allowMissing?: boolean } = {}): Promise<Session> {
    this.sessionPromise ??= this.loadSession();
    return options.allowMissing ? this.sessionPromise : this.sessionPromise.then(requireProfile);
  }

  private async loadSession(): Promise<Session> {
    const config = await this.config();
    const profileSource = this.flags.profile ? '--profile' : this.env.EPILOT_PROFILE ? 'EPILOT_PROFILE' : 'default';
    const profileName = checkProfileName(this.flags.profile || this.env.EPILOT_PROFILE || 'default', profileSource);
    const profile = config.profile(profileName);
    const env = this.flags.env
      ? parseEnv(this.flags.env, '--env')
      : this.env.EPILOT_ENV
        ? parseEnv(this.env.EPILOT_ENV, 'EPILOT_ENV')
        : profile.env
          ? parseEnv(profile.env, `env of profile "${profileName}"`)
          : 'prod';
    const fromEnv = this.env.EPILOT_TOKEN?.trim();
    // The emulator needs no account: without a token, one of its demo admins' tokens is implied
    // (the sandbox admin's when the profile points at the demo sandbox org).
    const implied = !fromEnv && !profile.token && env === 'local' ? (await import('./emulator/tokens.js')).impliedToken(profile.org) : undefined;
    const token = fromEnv || profile.token || implied;
    const tokenSource = fromEnv ? 'env' : profile.token ? 'profile' : implied ? 'emulator' : undefined;
    this.secrets.add(token);
    return { profileName, profileSource, profile, env, token, tokenSource, tokenInfo: token ? decodeToken(token) : undefined, config };
  }

  /** The token for an authenticated request, or an AuthError that says how to get one. */
  async token(): Promise<string> {
    return tokenOf(await this.session(), this.now());
  }

  async baseUrl(service: Service): Promise<string> {
    const s = await this.session();
    return baseUrl(service, s.env, s.profile, this.env);
  }

  http(): Promise<Http> {
    // The token is checked when a request needs it (tokenOf, before anything is sent), so an
    // expired token stops authenticated calls but not the public endpoints (invites, sign-up).
    this.httpPromise ??= this.session().then((session) => this.loadHttp(session));
    return this.httpPromise;
  }

  /** The client the bulk runner sends through: it leaves every 429 to the runner (see HttpOptions.retryRateLimited). */
  bulkHttp(): Promise<Http> {
    this.bulkHttpPromise ??= this.session().then((session) => this.loadHttp(session, { retryRateLimited: false }));
    return this.bulkHttpPromise;
  }

  /** Calls `listener` on the first Ctrl-C or SIGTERM; returns the function that stops listening. */
  onStopSignal(listener: (signal: StopSignal) => void): () => void {
    return this.runtime.signals?.on(listener) ?? (() => undefined);
  }

  /** The command line this command was started with, when known. */
  get argv(): readonly string[] | undefined {
    return this.runtime.argv;
  }

  /** The same command acting as another profile: `epi diff @sandbox @prod` reads two orgs. */
  forProfile(name: string): Context {
    return new Context(this.runtime, { ...this.flags, profile: name });
  }

  /** The same outside world with other streams: each row of `epi batch` runs in one of these. */
  runtimeWith(io: IO, options: { parseOnly?: boolean } = {}): Runtime {
    // Rows share this run's secrets, and their stderr is masked like the run's own.
    return { ...this.runtime, io: { ...io, stderr: this.secrets.wrap(io.stderr) }, secrets: this.secrets, signals: undefined, argv: undefined, parseOnly: options.parseOnly };
  }

  /** A client that sends this token instead of the stored one (`auth login` checks a new token with it). */
  async httpWithToken(token: string): Promise<Http> {
    const session = await this.session({ allowMissing: true });
    this.secrets.add(token);
    return this.loadHttp({ ...session, token, tokenSource: 'profile', tokenInfo: decodeToken(token) });
  }

  private async loadHttp(session: Session, extra: { retryRateLimited?: boolean } = {}): Promise<Http> {
    const { createHttp } = await import('./api/http.js');
    const fetch = session.env === 'local' ? await this.localFetch(session) : this.runtime.fetch;
    return createHttp({
      baseUrl: (service) => baseUrl(service, session.env, session.profile, this.env),
      token: () => tokenOf(session, this.now()),
      tokenSource: session.tokenSource,
      mask: (text) => this.secrets.mask(text),
      // Timers hold at most 2^31-1 ms (~24.8 days): ky refuses more, and Node would fire a longer
      // body timer at once. A longer --timeout means "no limit", so it is capped there.
      timeoutMs: Math.min((this.flags.timeout ?? 30) * 1000, MAX_TIMER_MS),
      maxRetries: this.flags.maxRetries ?? 3,
      limits: this.limits,
      userAgent: `epi/${VERSION}`,
      debug: this.debugEnabled ? (line) => this.debug(line) : undefined,
      warn: (line) => this.out.warn(line),
      dryRun: this.dryRun ? (request: PlannedRequest) => this.out.rawJson(request) : undefined,
      fetch,
      ...extra,
    });
  }

  /** The emulator's in-process fetch; its first use seeds the demo data and the two demo profiles. */
  private async localFetch(session: Session): Promise<Fetch> {
    const { ensureSeeded, localFetch, stateFile } = await import('./emulator/local.js');
    const file = stateFile(configDir(this.env));
    if (await ensureSeeded(file)) {
      const { createDemoProfiles } = await import('./emulator/profiles.js');
      const created = await createDemoProfiles(session.config);
      this.out.info(`Started the local epilot emulator with invented demo data (${file})${created.length ? `; profiles ${created.join(' and ')} point at it` : ''}.`);
    }
    return localFetch(file);
  }

  /**
   * The organization an org-scoped command acts on: --org, then the profile's default org, then
   * the token's org claim, then the API's answer for the current organization.
   */
  async orgId(flag?: string): Promise<string> {
    if (flag !== undefined) {
      if (!flag.trim()) throw new UsageError('--org needs an organization id.');
      return flag.trim();
    }
    const s = await this.session();
    if (s.profile.org) return s.profile.org;
    if (s.tokenInfo?.orgId) return s.tokenInfo.orgId;
    if (this.dryRun && !s.token) {
      throw new UsageError('--dry-run cannot tell which organization to use without a token.', {
        hint: 'Pass --org <id>, or set a default with `epi config set org <id>`.',
      });
    }
    const { getCurrentOrganization } = await import('./api/organization.js');
    return String((await getCurrentOrganization(await this.http())).id);
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function requireProfile(s: Session): Session {
  if (s.profileSource === 'default' || s.config.hasProfile(s.profileName)) return s;
  const names = s.config.profileNames();
  throw new UsageError(
    `No profile named "${s.profileName}" (${s.profileSource}). ${names.length ? `Profiles: ${names.join(', ')}.` : 'There are no profiles yet.'}`,
    { hint: `Pick one of them (\`epi auth list\` shows them all), or create "${s.profileName}" with \`epi auth login --profile ${s.profileName}\`.` },
  );
}

/** No token: the hint names the other profiles there are, or the emulator for someone without an account. */
export function notLoggedIn(s: Session): AuthError {
  const others = s.config.profileNames().filter((name) => name !== s.profileName);
  const hint = others.length
    ? `Run \`epi auth login\`, set EPILOT_TOKEN, or use another profile with --profile (${others.join(', ')}).`
    : 'Run `epi auth login`, or set EPILOT_TOKEN. To try epi without an account, add --env local (the built-in emulator).';
  return new AuthError(`Not logged in (profile "${s.profileName}").`, { hint });
}

function tokenOf(s: Session, now: number): string {
  if (!s.token) throw notLoggedIn(s);
  if (isExpired(s.tokenInfo, now)) {
    const where = s.tokenSource === 'env' ? 'EPILOT_TOKEN' : `profile "${s.profileName}"`;
    throw new AuthError(`The token from ${where} expired at ${s.tokenInfo!.expiresAt!.toISOString()}.`, { hint: freshTokenHint(s.tokenSource) });
  }
  return s.token;
}
