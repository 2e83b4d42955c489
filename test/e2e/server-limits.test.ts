/**
 * The built binary against loopback servers that never stop: listings that never end (issue 8 §4)
 * and bodies too large or too deep (§5). Each run must end with exit 1 and one clear error line,
 * keeping what was already printed.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    seen.push(`${url.pathname}${url.search}`);
    handler(req, res, url);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
});

const json = (res: ServerResponse, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const offsetOf = (url: URL) => Number(url.searchParams.get('offset') ?? 0);
const limitOf = (url: URL) => Number(url.searchParams.get('limit') ?? 50);
const user = (i: number) => ({ id: String(i), email: `u${i}@acme.example`, display_name: `User ${i}`, status: 'Active' });

function epi(args: string[], env: Record<string, string> = {}) {
  return runBin(args, {
    env: {
      EPI_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'epi-limits-')),
      EPILOT_TOKEN: makeToken(),
      EPILOT_USER_API_URL: base,
      EPILOT_ORGANIZATION_API_URL: base,
      ...env,
    },
  });
}

const firstLine = (stderr: string) => stderr.split('\n')[0];

describe('paging always ends', () => {
  it('a server that always sends a full page of new users: stops at --max-records, exit 1, records kept', async () => {
    handler = (_req, res, url) => json(res, { results: Array.from({ length: limitOf(url) }, (_, i) => user(offsetOf(url) + i)) });
    const r = await epi(['users', 'list', '--all', '--ndjson', '--max-records', '500']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: Stopped after 500 records: the listing has more than --max-records allows.');
    expect(r.stderr).toContain('raise the cap of 500 with --max-records <n> or EPI_MAX_RECORDS');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
    // The read-ahead never asked past the cap (plus the one record that proves there are more).
    expect(Math.max(...seen.map((q) => offsetOf(new URL(q, base))))).toBeLessThanOrEqual(500);
  });

  it('EPI_MAX_RECORDS sets the cap too, and --all --json leaves a visibly unterminated array', async () => {
    handler = (_req, res, url) => json(res, { results: Array.from({ length: limitOf(url) }, (_, i) => user(offsetOf(url) + i)) });
    const r = await epi(['users', 'list', '--all', '--json', 'id'], { EPI_MAX_RECORDS: '120' });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('[\n  {\n    "id": "0"\n  },')).toBe(true);
    expect(r.stdout.trimEnd().endsWith(']')).toBe(false);
    expect(() => JSON.parse(r.stdout)).toThrow();
    expect(r.stdout.match(/"id"/g)).toHaveLength(120);
    expect(firstLine(r.stderr)).toBe('{"error":{"message":"Stopped after 120 records: the listing has more than --max-records allows.","hint":"Narrow the listing (e.g. --query), or raise the cap of 120 with --max-records <n> or EPI_MAX_RECORDS if it really is this long.","exit_code":1}}');
  });

  it('a server that repeats the same page: fails at the first page with no new id', async () => {
    handler = (_req, res, url) => json(res, { results: Array.from({ length: limitOf(url) }, (_, i) => user(i)) });
    const r = await epi(['users', 'list', '--all', '--ndjson']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: The API sent the same 50 record(s) again at offset 50; stopped paging after 50 records.');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(50);
  });

  it('a server that claims 10^12 groups: fails on the first page, before printing anything', async () => {
    handler = (_req, res, url) => json(res, { hits: 1e12, groups: Array.from({ length: limitOf(url) }, (_, i) => ({ id: String(offsetOf(url) + i), name: `g${i}` })) });
    const r = await epi(['groups', 'list', '--all', '--json']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe('{"error":{"message":"The API reports 1000000000000 records, more than --max-records allows (100000).","hint":"Narrow the listing (e.g. --query), or raise the cap of 100000 with --max-records <n> or EPI_MAX_RECORDS if it really is this long.","exit_code":1}}');
    expect(r.stdout).toBe('');
    expect(seen).toHaveLength(1);
  });

  it('users get <email> against a server whose search never ends: exit 1, not a hang', async () => {
    handler = (_req, res, url) => json(res, { results: Array.from({ length: limitOf(url) }, (_, i) => user(offsetOf(url) + i)) });
    const r = await epi(['users', 'get', 'nobody@acme.example', '--max-records', '300']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: Stopped after 300 records: the listing has more than --max-records allows.');
  });

  it('rejects a --max-records or EPI_MAX_RECORDS that is not a whole number, before any request', async () => {
    const flag = await epi(['users', 'list', '--max-records', '0']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--max-records takes a whole number of 1 or more');
    const env = await epi(['users', 'list'], { EPI_MAX_RECORDS: 'lots' });
    expect(env.code).toBe(2);
    expect(firstLine(env.stderr)).toBe('error: EPI_MAX_RECORDS must be a whole number of 1 or more, not "lots".');
    expect(seen).toEqual([]);
  });
});

describe('a body too large or too deep is an error', () => {
  it('a gzip body that inflates without end is cut at 64 MB: the client closes the connection', async () => {
    // gzip members of 1 MB of spaces each (about 1 KB on the wire), sent until the client hangs up:
    // a 1 MB body that inflates to 1 GB is the first thousand of them. Only an early abort ends this.
    const member = gzipSync(Buffer.alloc(2 ** 20, ' '));
    let closedByClient = false;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const pump = () => {
        while (!res.destroyed) if (!res.write(member)) return void res.once('drain', pump);
      };
      res.on('close', () => (closedByClient = true));
      pump();
    };
    const r = await epi(['org', 'current', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: Response from GET ${base}/v2/organization/current is larger than 64 MB.`);
    expect(r.stderr.split('\n')[1]).toBe('If a response this large is expected, raise the limit with --max-body <MB> or EPI_MAX_BODY_MB.');
    expect(r.stdout).toBe('');
    expect(closedByClient).toBe(true);
  });

  it('--max-body and EPI_MAX_BODY_MB set the cap; an uncompressed body is refused by its Content-Length', async () => {
    const org = { id: '739224', name: 'Acme', note: 'x'.repeat(2 ** 20) };
    handler = (_req, res) => json(res, org);
    const r = await epi(['org', 'current', '--json', 'id', '--max-body', '0.5']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toContain(`"message":"Response from GET ${base}/v2/organization/current is larger than 0.5 MB."`);
    const env = await epi(['org', 'current', '--json', 'id'], { EPI_MAX_BODY_MB: '2' });
    expect(env.code).toBe(0);
    expect(JSON.parse(env.stdout)).toEqual({ id: '739224' });
  });

  it('a body nested 100,000 levels deep fails with one line, not a stack overflow after partial output', async () => {
    const deep = `{"results":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(deep);
    };
    for (const args of [['users', 'list'], ['users', 'list', '--all', '--ndjson'], ['users', 'list', '--json', '--debug'], ['api', '/v2/users?limit=50']]) {
      const r = await epi(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/Maximum call stack|RangeError|Unexpected error|\n\s+at /);
      expect(r.stderr).toMatch(new RegExp(`The API sent JSON nested more than 1000 levels deep for GET ${base}/v2/users\\?limit=50\\.`));
    }
  });
});
