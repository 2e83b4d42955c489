/**
 * Runs epi in-process, as main.ts would, with string buffers for IO, a throwaway config directory
 * and a recording fetch. Every request is checked against the published OpenAPI spec (contract.ts)
 * unless a test deliberately sends something odd.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { expect } from 'vitest';
import { Request, type Fetch } from '../../src/api/fetch-classes.js';
import { nodeFetch } from '../../src/api/node-fetch.js';
import { runCli } from '../../src/cli.js';
import type { Prompter } from '../../src/prompter.js';
import { checkRequest, type RecordedRequest } from './contract.js';
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

export type SentRequest = RecordedRequest & { text: string };

export function tempConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'epi-test-'));
}

/** A prompter that fails the test if asked anything it was not given an answer for. */
export function scriptedPrompter(answers: Partial<Prompter> = {}): Prompter {
  const unexpected = (kind: string) => async (message: string): Promise<never> => {
    throw new Error(`unexpected ${kind} prompt: ${message}`);
  };
  return {
    secret: answers.secret ?? unexpected('secret'),
    input: answers.input ?? unexpected('input'),
    confirm: answers.confirm ?? unexpected('confirm'),
  };
}

export async function runEpi(argv: string[] | string, options: RunOptions = {}): Promise<RunResult> {
  const args = typeof argv === 'string' ? splitArgs(argv) : argv;
  const stdout = collect();
  const stderr = collect();
  const requests: SentRequest[] = [];
  const recordingFetch: Fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = await request.clone().text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    requests.push({ method: request.method, url: request.url, body, text });
    // The same transport the binary uses, with the options ky hands it (the body cap), so every
    // command test exercises it (nock intercepts node:http).
    return nodeFetch(request, init);
  };
  const tty = !!options.tty;
  const configDir = options.configDir ?? tempConfigDir();
  const env: Record<string, string | undefined> = {
    EPI_CONFIG_DIR: configDir,
    // Bulk journals go next to the throwaway config, never into the developer's ~/.local/state.
    XDG_STATE_HOME: join(configDir, 'state'),
    EPILOT_TOKEN: options.token === null ? undefined : (options.token ?? TOKEN),
    ...options.env,
  };
  const code = await runCli(args, {
    io: {
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      stdout: stdout.stream,
      stderr: stderr.stream,
      stdinIsTTY: tty,
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
    },
    env,
    fetch: recordingFetch,
    prompter: scriptedPrompter(options.prompter),
    now: options.now === undefined ? undefined : () => options.now!,
  });
  const plans = args.includes('--dry-run') ? parsePlans(stdout.text()) : [];
  if (options.contract !== false) {
    expect(requests.flatMap(checkRequest), 'requests that break the published OpenAPI contract').toEqual([]);
    expect(plans.flatMap(checkRequest), '--dry-run plans that break the published OpenAPI contract').toEqual([]);
  }
  return { code, stdout: stdout.text(), stderr: stderr.text(), requests, plans };
}

/** The plans --dry-run printed: one JSON object per line when piped, pretty-printed ones on a terminal. */
export function parsePlans(stdout: string): RecordedRequest[] {
  const plans: RecordedRequest[] = [];
  let pending = '';
  for (const line of stdout.split('\n')) {
    pending += `${line}\n`;
    let value: unknown;
    try {
      value = JSON.parse(pending);
    } catch {
      continue;
    }
    pending = '';
    const plan = value as { method?: unknown; url?: unknown; headers?: unknown; body?: unknown };
    if (typeof plan === 'object' && plan && typeof plan.method === 'string' && typeof plan.url === 'string' && typeof plan.headers === 'object') {
      plans.push({ method: plan.method, url: plan.url, body: plan.body === null ? undefined : plan.body });
    }
  }
  return plans;
}

function collect() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Splits a command line on spaces, keeping 'single' or "double" quoted parts together. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
