import type { Prompter } from './prompter.js';

/** The process's streams, with their TTY flags decided once. Tests pass string buffers. */
export interface IO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** Everything epi takes from the outside world; main.ts builds the real one, tests build fakes. */
export interface Runtime {
  io: IO;
  env: Record<string, string | undefined>;
  /** Replaces global fetch (tests record requests with it). */
  fetch?: typeof fetch;
  prompter?: Prompter;
  now?: () => number;
}

/**
 * The one reading of a boolean environment variable (EPI_DEBUG, CI): unset, empty, "0", "false",
 * "no" and "off" (in any case) are false; anything else is true.
 */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

/** --debug or a true EPI_DEBUG: the one rule for request logging and stack traces alike. */
export function debugRequested(flag: boolean | undefined, env: Runtime['env']): boolean {
  return !!flag || isTruthy(env.EPI_DEBUG);
}
