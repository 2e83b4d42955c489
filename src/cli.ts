import { CommanderError } from 'commander';
import { addCommands, createProgram, readCommandLine } from './program.js';
import { CancelledError, DeclinedError, EpiError, ExitCode, OutcomeExit } from './errors.js';
import { escapeJsonControls, sanitize } from './output/sanitize.js';
import { SecretMask } from './output/redact.js';
import { debugRequested, type Runtime } from './runtime.js';

/**
 * Runs one command line and returns its exit code. Every error ends here, commander's usage errors
 * included, and becomes one message (or `{"error": ...}` on stderr under --json) plus an exit code;
 * stack traces only with --debug.
 */
export async function runCli(argv: string[], given: Runtime): Promise<number> {
  // The command line travels with the runtime, so a stopped bulk run can name its --resume command.
  const withArgv = given.argv ? given : { ...given, argv };
  // Every byte to stderr, error reports included, passes the mask of secrets this run has seen
  // (a command line run inside another, as `epi batch` does, shares the outer one's mask).
  const secrets = withArgv.secrets ?? new SecretMask();
  const runtime: Runtime = withArgv.secrets ? withArgv : { ...withArgv, secrets, io: { ...withArgv.io, stderr: secrets.wrap(withArgv.io.stderr) } };
  const program = createProgram(runtime);
  const line = readCommandLine(argv, program);
  try {
    await addCommands(program, runtime, line);
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    runtime.onError?.(error);
    return report(error, runtime, { debug: debugRequested(line.debug, runtime.env), json: line.json });
  }
}

function report(error: unknown, runtime: Runtime, mode: { debug: boolean; json: boolean }): number {
  const { stderr } = runtime.io;
  // commander has printed the help or the version it was asked for.
  if (error instanceof CommanderError && error.exitCode === 0) return ExitCode.Ok;
  if (error instanceof EpiError) {
    if (mode.json) {
      stderr.write(`${escapeJsonControls(JSON.stringify({ error: error.toJSON() }))}\n`);
    } else if (error instanceof CancelledError || error instanceof DeclinedError || error instanceof OutcomeExit) {
      stderr.write(`${shown(error.message)}\n`);
    } else {
      stderr.write(`error: ${shown(error.message)}\n`);
      if (error.hint) stderr.write(`${shown(error.hint)}\n`);
    }
    if (mode.debug && error.cause instanceof Error && error.cause.stack) stderr.write(`${error.cause.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (mode.json) {
    stderr.write(`${escapeJsonControls(JSON.stringify({ error: { message: `Unexpected error: ${err.message}`, exit_code: 1 } }))}\n`);
  } else {
    stderr.write(`error: Unexpected error: ${shown(err.message)}\n`);
    stderr.write(mode.debug ? `${err.stack}\n` : 'Run again with --debug for details, and report it if it persists.\n');
  }
  return ExitCode.Failure;
}

/** Messages and hints carry server text (an API's error message, a name): never raw to the terminal. */
const shown = (text: string): string => sanitize(text, { newlines: true, tabs: true });
