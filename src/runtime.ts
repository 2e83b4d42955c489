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
