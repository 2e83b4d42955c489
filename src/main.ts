import { readFileSync } from 'node:fs';
import type { Runtime } from './runtime.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);

// `epi --help` and `epi --version` answer without loading commander or any command: the build
// renders the root help from the real command tree into dist/help.txt (see scripts/build.mjs).
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && printStaticHelp()) {
  // done
} else {
  const { runCli } = await import('./cli.js');
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

  const code = await runCli(argv, runtime);
  // Flush stdout before exiting so piped output is never cut short, then exit without waiting
  // for idle keep-alive sockets.
  process.stdout.write('', () => process.exit(code));
}

function printStaticHelp(): boolean {
  try {
    process.stdout.write(readFileSync(new URL('./help.txt', import.meta.url), 'utf8'));
    return true;
  } catch {
    return false;
  }
}
