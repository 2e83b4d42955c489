/**
 * The built binary against servers on 127.0.0.1 that misbehave. Every failure must end in one
 * line that names the problem (a hint may follow), the right exit code, no stack trace and
 * nothing on stdout; every case runs again with --debug, and no byte of any output may carry
 * the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin, type BinResult } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const TOKEN = makeToken({ email: 'fault@acme.example' });
const PAYLOAD = TOKEN.split('.')[1]!;

let fake: FakeServer;
let configDir: string;
/** Loopback ports with special behaviour, filled in beforeAll. */
const ports = { refused: 0, reset: 0, neverAccepts: 0 };
let resets = 0;
const servers: Server[] = [];
let blocked: ChildProcess | undefined;
const outputs: Array<{ name: string; result: BinResult }> = [];

beforeAll(async () => {
  fake = await startFakeServer();
  configDir = mkdtempSync(join(tmpdir(), 'epi-faults-'));

  // A port nobody listens on: bind one, then close it.
  const closed = await listen(createServer());
  ports.refused = closed.port;
  await new Promise((r) => closed.server.close(r));

  // Reads the request, then aborts the connection with a TCP RST.
  const reset = await listen(createServer((socket) => socket.once('data', () => (resets++, socket.resetAndDestroy()))));
  servers.push(reset.server);
  ports.reset = reset.port;

  // A listening socket that never accepts: its process blocks its event loop right after listen().
  blocked = spawn(process.execPath, ['-e', `
    const s = require('node:net').createServer();
    s.listen({ port: 0, host: '127.0.0.1', backlog: 0 }, () => {
      process.stdout.write(s.address().port + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
    });`], { stdio: ['ignore', 'pipe', 'ignore'] });
  ports.neverAccepts = await new Promise<number>((resolve) => blocked!.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
});

afterAll(async () => {
  blocked?.kill('SIGKILL');
  for (const s of servers) await new Promise((r) => s.close(r));
  await fake?.close();
});

function listen(server: Server): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

const loopback = (port: number) => ({
  EPILOT_ORGANIZATION_API_URL: `http://127.0.0.1:${port}`,
  EPILOT_USER_API_URL: `http://127.0.0.1:${port}`,
});

interface Case {
  name: string;
  args: string[];
  env?: () => Record<string, string>;
  /** Injects the fault before each run. */
  setup?: () => void;
  code: number;
  /** The first line of stderr, for failures. */
  message?: RegExp;
  /** Extra checks (request counts, stdout of successes). */
  check?: (r: BinResult) => void;
  timeoutMs?: number;
}

const ORG = '/v2/organization/current';
const requestsTo = (path: string, method = 'GET') => fake.requests.filter((q) => q.path === path && q.method === method);
const HTML_502 = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center></body></html>\n';
const BIG = { id: '739224', name: 'Acme', blob: Array.from({ length: 100_000 }, (_, i) => ({ i, text: 'x'.repeat(80) })) };
const BIG_TEXT = JSON.stringify(BIG);

const CASES: Case[] = [
  {
    name: 'a server that accepts the connection but never answers',
    setup: () => fake.inject({ path: ORG, hang: true }),
    args: ['org', 'current', '--timeout', '0.5', '--max-retries', '0'],
    code: 1,
    message: /^error: Timed out after 0\.5s waiting for GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current\.$/,
  },
  {
    // With SYN cookies (Linux's default) the kernel completes the handshake even though no one
    // accepts; either way the request must end at --timeout with the same message.
    name: 'a listening socket that never accepts (full backlog)',
    env: () => loopback(ports.neverAccepts),
    args: ['api', ORG, '--timeout', '0.5', '--max-retries', '0'],
    code: 1,
    message: /^error: Timed out after 0\.5s waiting for GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current\.$/,
  },
  {
    name: 'a body that trickles in past --timeout',
    setup: () => fake.inject({ path: ORG, slowBody: true }),
    args: ['org', 'current', '--timeout', '0.5', '--max-retries', '0'],
    code: 1,
    message: /^error: Timed out after 0\.5s reading the response body of GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current\.$/,
  },
  {
    name: 'a connection reset (TCP RST) after the request, retried for GET',
    env: () => loopback(ports.reset),
    setup: () => (resets = 0),
    args: ['org', 'current', '--max-retries', '1'],
    code: 1,
    check: () => expect(resets).toBe(2),
    message: /^error: Could not reach 127\.0\.0\.1:\d+ for GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current: connection reset by the server \(ECONNRESET\)\.$/,
  },
  {
    name: 'a connection closed without an answer',
    setup: () => fake.inject({ path: ORG, reset: true, times: 2 }),
    args: ['org', 'current', '--max-retries', '1'],
    code: 1,
    message: /^error: Could not reach 127\.0\.0\.1:\d+ for GET .*\/v2\/organization\/current: (connection closed by the server|connection reset by the server|other side closed)/,
    check: () => expect(requestsTo(ORG)).toHaveLength(2),
  },
  {
    name: 'a refused connection',
    env: () => loopback(ports.refused),
    args: ['users', 'list', '--max-retries', '0'],
    code: 1,
    message: /^error: Could not reach 127\.0\.0\.1:\d+ for GET http:\/\/127\.0\.0\.1:\d+\/v2\/users.*: connection refused \(ECONNREFUSED\)\.$/,
  },
  {
    name: '429 with Retry-After, then success: exactly two requests',
    setup: () => fake.inject({ path: ORG, status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' } }),
    args: ['org', 'current', '--json', 'id'],
    code: 0,
    check: (r) => {
      const [first, retry] = requestsTo(ORG);
      expect(requestsTo(ORG)).toHaveLength(2);
      expect(JSON.parse(r.stdout)).toEqual({ id: '739224' });
      // Retry-After: 1, measured where the requests arrived rather than by timing the client.
      expect(retry!.at - first!.at).toBeGreaterThanOrEqual(900);
    },
  },
  {
    name: 'a 503 burst, then success, for a GET',
    setup: () => fake.inject({ path: ORG, status: 503, body: { message: 'busy' }, times: 3 }),
    args: ['api', ORG],
    code: 0,
    check: (r) => {
      expect(requestsTo(ORG)).toHaveLength(4);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: '739224' });
    },
    timeoutMs: 30_000,
  },
  {
    name: 'no retry for a POST on 503',
    setup: () => fake.inject({ method: 'POST', path: '/v1/groups', status: 503, body: { message: 'busy' }, times: 5 }),
    args: ['api', 'POST', '/v1/groups', '-f', 'name=Sales'],
    code: 1,
    message: /^error: POST http:\/\/127\.0\.0\.1:\d+\/v1\/groups failed: 503 Service Unavailable: busy$/,
    check: () => expect(requestsTo('/v1/groups', 'POST')).toHaveLength(1),
  },
  {
    name: 'no retry for a PATCH on 503',
    setup: () => fake.inject({ method: 'PATCH', status: 503, body: { message: 'busy' }, times: 5 }),
    args: ['org', 'update', '--name', 'Acme 2'],
    code: 1,
    message: /^error: PATCH http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/739224 failed: 503 Service Unavailable: busy$/,
    check: () => expect(fake.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1),
  },
  {
    name: 'a 502 HTML page, summarised in one line',
    setup: () => fake.inject({ path: ORG, status: 502, raw: HTML_502, times: 5 }),
    args: ['org', 'current', '--max-retries', '0'],
    code: 1,
    message: /^error: GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current failed: 502 Bad Gateway: HTML error page "502 Bad Gateway"$/,
    check: (r) => expect(r.stderr).not.toContain('<'),
  },
  {
    name: 'truncated JSON',
    setup: () => fake.inject({ path: ORG, status: 200, raw: '{"id":"739224","name":"Ac', headers: { 'content-type': 'application/json' } }),
    args: ['org', 'current'],
    code: 1,
    message: /^error: The API sent invalid JSON for GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current \(25 bytes, possibly truncated\)\.$/,
  },
  {
    name: 'a 10 MB body through epi api: printed in full, compact',
    setup: () => fake.inject({ path: ORG, body: BIG }),
    args: ['api', ORG],
    code: 0,
    check: (r) => {
      expect(BIG_TEXT.length).toBeGreaterThan(10_000_000);
      expect(r.stdout).toBe(`${BIG_TEXT}\n`);
    },
  },
  {
    name: 'a 10 MB record through a first-class command',
    setup: () => fake.inject({ path: ORG, body: BIG }),
    args: ['org', 'current', '--json', 'id,name'],
    code: 0,
    check: (r) => expect(JSON.parse(r.stdout)).toEqual({ id: '739224', name: 'Acme' }),
  },
  {
    name: 'an unresolvable host (.invalid never resolves)',
    env: () => ({ EPILOT_ORGANIZATION_API_URL: 'https://epi-fault-test.invalid' }),
    args: ['org', 'current', '--max-retries', '0', '--timeout', '10'],
    code: 1,
    message: /^error: Could not reach epi-fault-test\.invalid for GET https:\/\/epi-fault-test\.invalid\/v2\/organization\/current: host (not found|name could not be resolved) \(DNS\) \((ENOTFOUND|EAI_AGAIN)\)\.$/,
  },
  {
    name: 'plain http:// to a host that is not loopback',
    env: () => ({ EPILOT_USER_API_URL: 'http://api.example.com' }),
    args: ['api', '/v2/users/me'],
    code: 2,
    message: /^error: Refusing plain http:\/\/ for api\.example\.com \(EPILOT_USER_API_URL\): the token would be sent unencrypted\.$/,
  },
  {
    name: '401',
    setup: () => fake.inject({ path: ORG, status: 401, body: { message: 'Unauthorized' } }),
    args: ['org', 'current'],
    code: 4,
    message: /^error: GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current failed: 401 Unauthorized: Unauthorized$/,
  },
  {
    name: '403',
    setup: () => fake.inject({ path: '/v1/groups', status: 403, body: { error: 'Forbidden: missing grant' } }),
    args: ['api', '/v1/groups'],
    code: 4,
    message: /^error: GET http:\/\/127\.0\.0\.1:\d+\/v1\/groups failed: 403 Forbidden: Forbidden: missing grant$/,
  },
  {
    name: '404',
    args: ['api', '/v2/users/nobody-here'],
    code: 3,
    message: /^error: GET http:\/\/127\.0\.0\.1:\d+\/v2\/users\/nobody-here failed: 404 Not Found: /,
  },
];

async function run(c: Case, debug: boolean): Promise<BinResult> {
  fake.requests.length = 0;
  fake.faults.length = 0;
  c.setup?.();
  const result = await runBin(debug ? [...c.args, '--debug'] : c.args, {
    env: { ...fake.env, EPI_CONFIG_DIR: join(configDir, 'epi'), EPILOT_TOKEN: TOKEN, ...c.env?.() },
    timeoutMs: c.timeoutMs ?? 20_000,
  });
  outputs.push({ name: `${c.name}${debug ? ' (--debug)' : ''}`, result });
  if (process.env.EPI_SHOW_FAULTS) process.stderr.write(`--- ${c.name}${debug ? ' (--debug)' : ''}: exit ${result.code}\n${result.stderr.slice(0, 3000)}\n`);
  return result;
}

describe('fault injection against the built binary', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await run(c, false);
    expect(r.signal, 'the process ended by itself').toBeNull();
    expect(r.code, r.stderr).toBe(c.code);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (c.code !== 0) {
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
      expect(lines[0]).toMatch(c.message!);
    } else {
      expect(r.stderr).toBe('');
    }
    c.check?.(r);

    const traced = await run(c, true);
    expect(traced.code, traced.stderr).toBe(c.code);
    // Every case but the refused http:// URL reaches the network, and --debug traces it.
    if (c.code !== 2) expect(traced.stderr).toContain('[debug]');
  });

  it('never shows the token, in any byte of stdout or stderr, --debug included', () => {
    expect(outputs.length).toBe(CASES.length * 2);
    for (const { name, result } of outputs) {
      for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
        expect(text.includes(TOKEN), `${name}: token on ${stream}`).toBe(false);
        expect(text.includes(PAYLOAD), `${name}: token payload on ${stream}`).toBe(false);
      }
    }
  });
});
