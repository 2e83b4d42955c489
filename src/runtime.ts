import type { Fetch } from './api/fetch-classes.js';
import type { ConfigStore } from './config/store.js';
import type { SecretMask } from './output/redact.js';
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
  /** Replaces the transport (tests record requests with it). */
  fetch?: Fetch;
  prompter?: Prompter;
  /** Replaces the config file (tests of run functions keep the profiles in memory: ConfigStore.over). */
  config?: ConfigStore;
  now?: () => number;
  /** Ctrl-C and SIGTERM, for commands that finish cleanly when stopped (the bulk runner). */
  signals?: Signals;
  /** The command line being run, so a stopped run can name the command that resumes it. */
  argv?: readonly string[];
  /** Set by `epi batch` while it checks each row: parse the row's flags and arguments, run nothing. */
  parseOnly?: boolean;
  /** Set by `epi batch` for each row: sees the error a row ended with (a 429 sends the row back to the runner). */
  onError?: (error: unknown) => void;
  /** The secrets this run has seen; runCli sets it and masks stderr with it. */
  secrets?: SecretMask;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * A listener gets the first Ctrl-C or SIGTERM; the process answers a second one by exiting at
 * once. With no listener a signal ends the process as usual.
 */
export interface Signals {
  on(listener: (signal: StopSignal) => void): () => void;
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
