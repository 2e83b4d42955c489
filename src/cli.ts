import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EpiError, ExitCode } from './errors.js';
import type { Runtime } from './runtime.js';

/**
 * Runs one command line and returns its exit code. Every error ends here and becomes one message
 * (or `{"error": ...}` on stderr under --json) plus an exit code; stack traces only with --debug.
 */
export async function runCli(argv: string[], runtime: Runtime): Promise<number> {
  const debug = argv.includes('--debug') || (!!runtime.env.EPI_DEBUG && runtime.env.EPI_DEBUG !== '0');
  const json = argv.some((a) => a === '--json' || a.startsWith('--json='));
  try {
    const program = await buildProgram(runtime, argv);
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    return report(error, runtime, { debug, json });
  }
}

function report(error: unknown, runtime: Runtime, mode: { debug: boolean; json: boolean }): number {
  const { stderr } = runtime.io;
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help/version text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Ok;
    // `epi help` asked for help (0); `epi` or `epi users` alone is missing its command (2).
    if (error.code === 'commander.help' && error.exitCode === 0) return ExitCode.Ok;
    return ExitCode.Usage;
  }
  if (error instanceof EpiError) {
    if (mode.json) {
      stderr.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
    } else if (error.exitCode === ExitCode.Cancelled) {
      stderr.write(`${error.message}\n`);
    } else {
      stderr.write(`error: ${error.message}\n`);
      if (error.hint) stderr.write(`${error.hint}\n`);
    }
    if (mode.debug && error.cause instanceof Error && error.cause.stack) stderr.write(`${error.cause.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (mode.json) {
    stderr.write(`${JSON.stringify({ error: { message: `Unexpected error: ${err.message}`, exit_code: 1 } })}\n`);
  } else {
    stderr.write(`error: Unexpected error: ${err.message}\n`);
    stderr.write(mode.debug ? `${err.stack}\n` : 'Run again with --debug for details, and report it if it persists.\n');
  }
  return ExitCode.Failure;
}
