/**
 * The one error model. Every failure a user can meet is one of these classes; main.ts turns
 * them into a one-line message (or a JSON error object) and an exit code, in one place.
 */

export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  NotFound: 3,
  Auth: 4,
  Cancelled: 130,
  /** Stopped by SIGTERM (128 + 15), as shells report it. */
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_HELP = `Exit codes:
  0    ok
  1    API, network or other failure, or "no" to a confirmation ("Cancelled")
  2    usage or invalid input
  3    not found (404)
  4    not logged in, token expired or rejected (401), or permission denied (403)
  130  cancelled with Ctrl-C (at a prompt, or a bulk run after printing its report)
  143  stopped by SIGTERM (a bulk run, after printing its report)`;

export class EpiError extends Error {
  readonly exitCode: ExitCode = ExitCode.Failure;
  /** What the user can do next, shown on its own line. */
  readonly hint?: string;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }

  /** Extra fields for `{"error": {...}}` under --json. */
  toJSON(): Record<string, unknown> {
    return { message: this.message, ...(this.hint ? { hint: this.hint } : {}), exit_code: this.exitCode };
  }
}

/** Bad flags, bad values, missing input, or a confirmation that cannot be asked. */
export class UsageError extends EpiError {
  override readonly exitCode = ExitCode.Usage;
}

export class NotFoundError extends EpiError {
  override readonly exitCode = ExitCode.NotFound;
}

/** No token, an expired token, or a token the API refused. */
export class AuthError extends EpiError {
  override readonly exitCode = ExitCode.Auth;
}

/** Ctrl-C at a prompt. */
export class CancelledError extends EpiError {
  override readonly exitCode = ExitCode.Cancelled;
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

/** The user answered "no" to a confirmation: nothing was changed, exit 1, unlike Ctrl-C (130). */
export class DeclinedError extends EpiError {
  constructor() {
    super('Cancelled; nothing was changed.');
  }
}

/**
 * An answer rather than a failure that still shows in the exit code, like diff(1): `epi diff`
 * exits 1 when the two sides differ. Printed as a plain line, without "error:".
 */
export class OutcomeExit extends EpiError {}

/** The config file exists but cannot be read or trusted. Tokens in it are never wiped. */
export class ConfigError extends EpiError {}

/** The API could not be reached or did not answer in time. */
export class NetworkError extends EpiError {
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options);
  }
  override toJSON() {
    return { ...super.toJSON(), method: this.method, url: this.url };
  }
}

/** The API answered with an error status, or with a body that cannot be parsed. */
export class ApiError extends EpiError {
  override readonly exitCode: ExitCode;

  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    readonly status: number,
    /** The server's own message, when it gave one. */
    readonly serverMessage?: string,
    options: { hint?: string; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, options);
    this.exitCode = exitCodeForStatus(status);
    this.retryAfterMs = options.retryAfterMs;
  }

  /** How long a 429 or 503 asked the client to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;

  override toJSON() {
    return {
      status: this.status,
      ...super.toJSON(),
      method: this.method,
      url: this.url,
      ...(this.serverMessage ? { server_message: this.serverMessage } : {}),
    };
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 404) return ExitCode.NotFound;
  if (status === 401 || status === 403) return ExitCode.Auth;
  return ExitCode.Failure;
}
