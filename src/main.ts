import { runCli } from './cli.js';
import type { Runtime } from './runtime.js';

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
};

// A closed pipe (`epi users list | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const code = await runCli(process.argv.slice(2), runtime);
// Flush stdout before exiting so piped output is never cut short, then exit without waiting
// for idle keep-alive sockets.
process.stdout.write('', () => process.exit(code));
