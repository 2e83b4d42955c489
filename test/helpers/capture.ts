/**
 * What both command-test layers share: string buffers for the streams, a fetch that records every
 * request, a scripted prompter, and the contract check of what was sent or planned. runEpi (run.ts)
 * drives them through the command line; testContext (context.ts) hands them to a run function.
 */
import { PassThrough, Readable } from 'node:stream';
import { expect } from 'vitest';
import { Request, type Fetch } from '../../src/api/fetch-classes.js';
import { nodeFetch } from '../../src/api/node-fetch.js';
import type { Prompter } from '../../src/prompter.js';
import type { IO } from '../../src/runtime.js';
import { checkRequest, type RecordedRequest } from './contract.js';

export type SentRequest = RecordedRequest & { text: string };

/** Streams as a process has them, backed by strings; `tty` makes stdin, stdout and stderr terminals. */
export function stringIO(options: { stdin?: string; tty?: boolean } = {}): { io: IO; stdout: () => string; stderr: () => string } {
  const stdout = collect();
  const stderr = collect();
  const tty = !!options.tty;
  return {
    io: {
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      stdout: stdout.stream,
      stderr: stderr.stream,
      stdinIsTTY: tty,
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
    },
    stdout: stdout.text,
    stderr: stderr.text,
  };
}

function collect() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * A fetch that records each request (`text` is the body exactly as it went over the wire) and sends
 * it through the transport the binary uses, with the options ky hands it (the body cap), so every
 * command test exercises it (nock intercepts node:http).
 */
export function recordingFetch(requests: SentRequest[]): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = await request.clone().text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    requests.push({ method: request.method, url: request.url, body, text });
    return nodeFetch(request, init);
  };
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

/** Every request sent and every plan --dry-run printed must be one the published OpenAPI specs allow. */
export function expectContract(requests: readonly RecordedRequest[], plans: readonly RecordedRequest[]): void {
  expect(requests.flatMap(checkRequest), 'requests that break the published OpenAPI contract').toEqual([]);
  expect(plans.flatMap(checkRequest), '--dry-run plans that break the published OpenAPI contract').toEqual([]);
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
