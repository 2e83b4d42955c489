// The chunk every API command needs, whole, before anything else (scripts/hot-path.mjs).
import './hot-path.js';
import { runCli } from './cli.js';
import type { Runtime, Signals, StopSignal } from './runtime.js';

const EXIT_ON: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const stopListeners = new Set<(signal: StopSignal) => void>();
let stopping = false;
function onStopSignal(signal: NodeJS.Signals): void {
  if (signal !== 'SIGINT' && signal !== 'SIGTERM') return;
  // A second Ctrl-C, or one no command asked for, ends the process at once.
  if (stopping || stopListeners.size === 0) process.exit(EXIT_ON[signal]);
  stopping = true;
  for (const listener of stopListeners) listener(signal);
}
/** Process signal handlers exist only while a command listens, so other commands keep Node's default. */
const signals: Signals = {
  on(listener) {
    if (stopListeners.size === 0) for (const s of STOP_SIGNALS) process.on(s, onStopSignal);
    stopListeners.add(listener);
    return () => {
      stopListeners.delete(listener);
      if (stopListeners.size === 0 && !stopping) for (const s of STOP_SIGNALS) process.off(s, onStopSignal);
    };
  },
};
const argv = process.argv.slice(2);

const runtime: Runtime = {
  io: {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: !!process.stdin.isTTY,
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
  },
  env: process.env,
  signals,
  argv,
};

// A closed pipe (`epi users list | head`) means the reader has all it wants: a quiet exit 0. Any
// other write error (a full disk, a dead terminal) means the output is cut short, so it is a
// failure: never a truncated file and exit 0.
function writeFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`error: could not write output: ${error.code ?? error.message}\n`);
  process.exit(1);
}
process.stdout.on('error', writeFailed);

// No top-level await: dist/ is CommonJS (scripts/build.mjs), which has none.
void runCli(argv, runtime).then((code) => {
  // Flush stdout before exiting so piped output is never cut short, then exit without waiting
  // for idle keep-alive sockets. A write that failed along the way may not have reported yet: the
  // stream remembers it.
  process.stdout.write('', () => {
    const failed = process.stdout.errored as NodeJS.ErrnoException | null;
    if (failed) writeFailed(failed);
    process.exit(code);
  });
});
