/**
 * Runs epi in-process, as main.ts would, with string buffers for IO, a throwaway config directory
 * and a recording fetch. Every request is checked against the published OpenAPI spec (contract.ts)
 * unless a test deliberately sends something odd.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli.js';
import type { Prompter } from '../../src/prompter.js';
import { expectContract, parsePlans, recordingFetch, scriptedPrompter, stringIO, type SentRequest } from './capture.js';
import type { RecordedRequest } from './contract.js';
import { TOKEN } from './token.js';

export interface RunOptions {
  /** Extra environment; EPILOT_TOKEN defaults to a valid test token unless set to undefined via `token: null`. */
  env?: Record<string, string | undefined>;
  /** The token in EPILOT_TOKEN; null for none. */
  token?: string | null;
  stdin?: string;
  /** Pretend stdin and stdout are terminals (for prompts and tables). */
  tty?: boolean;
  prompter?: Partial<Prompter>;
  configDir?: string;
  /** Skip the OpenAPI check, for tests that send deliberately invalid requests. */
  contract?: boolean;
  now?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Each request as sent; `text` is the body exactly as it went over the wire. */
  requests: SentRequest[];
  /** The requests --dry-run printed on stdout instead of sending. */
  plans: RecordedRequest[];
}

export function tempConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'epi-test-'));
}

export async function runEpi(argv: string[] | string, options: RunOptions = {}): Promise<RunResult> {
  const args = typeof argv === 'string' ? splitArgs(argv) : argv;
  const { io, stdout, stderr } = stringIO(options);
  const requests: SentRequest[] = [];
  const configDir = options.configDir ?? tempConfigDir();
  const env: Record<string, string | undefined> = {
    EPI_CONFIG_DIR: configDir,
    // Bulk journals go next to the throwaway config, never into the developer's ~/.local/state.
    XDG_STATE_HOME: join(configDir, 'state'),
    EPILOT_TOKEN: options.token === null ? undefined : (options.token ?? TOKEN),
    ...options.env,
  };
  const code = await runCli(args, {
    io,
    env,
    fetch: recordingFetch(requests),
    prompter: scriptedPrompter(options.prompter),
    now: options.now === undefined ? undefined : () => options.now!,
  });
  const plans = args.includes('--dry-run') ? parsePlans(stdout()) : [];
  if (options.contract !== false) expectContract(requests, plans);
  return { code, stdout: stdout(), stderr: stderr(), requests, plans };
}

/** Splits a command line on spaces, keeping 'single' or "double" quoted parts together. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
