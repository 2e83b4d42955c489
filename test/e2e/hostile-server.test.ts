/**
 * The built binary against a loopback server that misbehaves in ways no epilot API does:
 * redirects, odd statuses, bodies that are not what they claim, lying page counts, rate limits
 * that cannot be read or never lift, oversized headers, and records that are not the one asked
 * for. Every run must end, and never with a wrong answer and exit 0: one clear error line (a hint
 * may follow), the exit code of its class, and nothing on stdout unless the output format says a
 * streamed listing may stop part-way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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
/** Another "host" a redirect points at: it must never be asked anything. */
let elsewhere: Server;
let elsewhereBase: string;
const elsewhereSeen: string[] = [];

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    handler(req, res, url);
  });
  elsewhere = createServer((req, res) => {
    elsewhereSeen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end('{}');
  });
  base = await listen(server);
  elsewhereBase = await listen(elsewhere);
});

afterAll(async () => {
  for (const s of [server, elsewhere]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

beforeEach(() => {
  seen.length = 0;
  elsewhereSeen.length = 0;
});

const send = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | number> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
};
const json = (res: ServerResponse, body: unknown) => send(res, 200, JSON.stringify(body));
const offsetOf = (url: URL) => Number(url.searchParams.get('offset') ?? 0);
const limitOf = (url: URL) => Number(url.searchParams.get('limit') ?? 50);
/** users delete first reads the user's roles (the last-owner guard): answered as a user without roles. */
const holdsNoRole = (req: IncomingMessage, res: ServerResponse): boolean => req.method === 'GET' && req.url === '/v1/permissions/assignments/5' && (json(res, []), true);
const USER5 = { id: '5', email: 'ann@acme.example', display_name: 'Ann', status: 'Active' };

function epi(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'epi-hostile-'));
  return runBin(args, {
    env: {
      EPI_CONFIG_DIR: dir,
      EPILOT_TOKEN: makeToken(),
      EPILOT_USER_API_URL: base,
      EPILOT_ORGANIZATION_API_URL: base,
      EPILOT_PERMISSIONS_API_URL: base,
      ...env,
    },
  });
}

const lines = (stderr: string) => stderr.trimEnd().split('\n');
const firstLine = (stderr: string) => lines(stderr)[0];

describe('redirects are refused, never followed', () => {
  it.each([
    [301, 'Moved Permanently'],
    [302, 'Found'],
    [307, 'Temporary Redirect'],
    [308, 'Permanent Redirect'],
  ])('%i to another host: exit 1, one request, the other host never asked (token or not)', async (status, text) => {
    handler = (_req, res) => send(res, status, '', { location: `${elsewhereBase}/v2/users/5` });
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      `error: GET ${base}/v2/users/5 failed: ${status} ${text} (to ${elsewhereBase}/v2/users/5). epilot APIs do not redirect, so epi did not follow it: nothing, and no token, went anywhere else.`,
      'Check the API URL (`epi config list`, EPILOT_*_API_URL) and any proxy between epi and the API.',
    ]);
    expect(seen).toEqual(['GET /v2/users/5']);
    expect(elsewhereSeen).toEqual([]);
  });

  it('a DELETE redirected to http:// elsewhere is not re-sent there, and is not reported as done', async () => {
    handler = (req, res) => (holdsNoRole(req, res) ? undefined : send(res, 307, '', { location: `${elsewhereBase.replace('127.0.0.1', 'localhost')}/v2/users/5` }));
    const r = await epi(['users', 'delete', '5', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('Deleted');
    expect(firstLine(r.stderr)).toContain('failed: 307 Temporary Redirect (to http://localhost:');
    expect(seen).toEqual(['GET /v1/permissions/assignments/5', 'DELETE /v2/users/5']);
    expect(elsewhereSeen).toEqual([]);
  });

  it.each([
    [304, 'Not Modified'],
    [300, 'Multiple Choices'],
  ])('%i is refused the same way', async (status, text) => {
    handler = (_req, res) => (status === 304 ? (res.writeHead(304), res.end()) : send(res, status, JSON.stringify(USER5)));
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toMatch(new RegExp(`^error: GET \\S+ failed: ${status} ${text}(: .*)?\\. epilot APIs do not redirect`));
  });
});

describe('statuses map to their exit class', () => {
  it('informational 1xx answers before the real one are skipped', async () => {
    handler = (_req, res) => {
      res.writeProcessing();
      res.writeEarlyHints({ link: '</x>; rel=preload' });
      json(res, USER5);
    };
    const r = await epi(['users', 'get', '5', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '5' });
  });

  it('a 102 that never turns into an answer times out (exit 1)', async () => {
    handler = (_req, res) => res.writeProcessing();
    const r = await epi(['users', 'get', '5', '--timeout', '1', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: Timed out after 1s waiting for GET ${base}/v2/users/5.`);
  });

  it('401 with WWW-Authenticate is an auth failure (exit 4) naming EPILOT_TOKEN', async () => {
    handler = (_req, res) => send(res, 401, '{"message":"Unauthorized"}', { 'www-authenticate': 'Bearer error="invalid_token"' });
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(4);
    expect(lines(r.stderr)[1]).toContain('EPILOT_TOKEN');
  });

  it.each([418, 451, 499, 599])('%i is a failure (exit 1) with the server\'s message', async (status) => {
    handler = (_req, res) => send(res, status, '{"message":"odd"}');
    const r = await epi(['users', 'get', '5', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toMatch(new RegExp(`^error: GET ${base}/v2/users/5 failed: ${status} .*: odd$`));
  });

  it('a status outside 100-599 is a malformed response, not "could not reach"', async () => {
    handler = (req) => req.socket.end('HTTP/1.1 700 Weird\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
    const r = await epi(['users', 'get', '5', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toMatch(new RegExp(`^error: 127\\.0\\.0\\.1:\\d+ sent a malformed HTTP response to GET ${base}/v2/users/5: status 700: `));
    expect(lines(r.stderr)[1]).toContain('Something that is not the epilot API may be answering');
  });

  it('a 200 HTML page to a write is no success', async () => {
    handler = (req, res) => (holdsNoRole(req, res) ? undefined : send(res, 200, '<html><head><title>Login</title></head></html>', { 'content-type': 'text/html' }));
    const r = await epi(['users', 'delete', '5', '--yes']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: DELETE ${base}/v2/users/5 answered 200 OK with an HTML page "Login" instead of JSON.`);
  });

  it('a 2xx epilot APIs do not use (299) is refused', async () => {
    handler = (_req, res) => send(res, 299, JSON.stringify(USER5));
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toContain('answered 299');
  });
});

describe('bodies that are not what they claim', () => {
  it('JSON with a UTF-8 BOM is read', async () => {
    handler = (_req, res) => send(res, 200, `\ufeff${JSON.stringify(USER5)}`);
    const r = await epi(['users', 'get', '5', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '5' });
  });

  it('bytes that are not UTF-8 fail instead of printing U+FFFD as the name', async () => {
    handler = (_req, res) => send(res, 200, Buffer.concat([Buffer.from('{"id":"5","display_name":"A'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]));
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toBe(`error: The API sent a body that is not valid UTF-8 for GET ${base}/v2/users/5 (32 bytes).`);
  });

  it('a raw NUL inside a JSON string is invalid JSON', async () => {
    handler = (_req, res) => send(res, 200, '{"id":"5","display_name":"A\u0000B"}');
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toMatch(/^error: The API sent invalid JSON for GET/);
  });

  it('a Content-Length larger than the body stalls until --timeout', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
      res.write(JSON.stringify(USER5));
    };
    const r = await epi(['users', 'get', '5', '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: Timed out after 1s reading the response body of GET ${base}/v2/users/5.`);
  });

  it('a Content-Length smaller than the body is a malformed response', async () => {
    handler = (req) => req.socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n\r\n${JSON.stringify(USER5)}`);
    const r = await epi(['users', 'get', '5', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toMatch(/sent a malformed HTTP response to GET .*\(HPE_/);
  });

  it('a corrupt gzip body fails with the reason', async () => {
    const gz = gzipSync(JSON.stringify(USER5));
    handler = (_req, res) => send(res, 200, gz.subarray(0, gz.length - 6), { 'content-encoding': 'gzip' });
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: The connection broke while reading the response of GET ${base}/v2/users/5: unexpected end of file (Z_BUF_ERROR).`);
  });

  it.each(['zstd', 'gzip, br', 'compress'])('Content-Encoding %s, which epi cannot decode, is named (not "invalid JSON")', async (encoding) => {
    handler = (_req, res) => send(res, 200, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]), { 'content-encoding': encoding });
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: The API sent its body in an encoding epi cannot read (Content-Encoding: ${encoding}) for GET ${base}/v2/users/5.`);
  });

  it('an id of 1e400 or past 2^53 is refused; -0 and a safe integer are fine', async () => {
    for (const [id, ok] of [['1e400', false], ['12345678901234567891', false], ['-0', true], ['9007199254740991', true]] as const) {
      handler = (_req, res) => send(res, 200, `{"results":[{"id":${id},"email":"a@acme.example"}]}`);
      const r = await epi(['users', 'list', '--json', 'id']);
      expect(r.code, id).toBe(ok ? 0 : 1);
      if (!ok) {
        expect(r.stdout).toBe('');
        expect(JSON.parse(r.stderr).error.message).toMatch(/^Unexpected response from GET \/v2\/users: expected a user with "id" at results\[0\], got "id" as a number (too large to read exactly|out of range)$/);
      }
    }
  });

  it('GET /v2/users/5 answered with another user fails (exit 1, nothing printed)', async () => {
    handler = (_req, res) => json(res, { ...USER5, id: '6', email: 'eve@acme.example' });
    const r = await epi(['users', 'get', '5', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.message).toBe('Unexpected response from GET /v2/users/5: expected the record with id "5", got one with another id ("6")');
  });
});

describe('page counts that lie', () => {
  const groups = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => ({ id: `g${from + i}`, name: `G${from + i}` }));

  it.each([
    ['-5', '-5'],
    ['2.5', '2.5'],
    ['"7"', 'a string'],
    ['1e400', 'Infinity'],
  ])('hits: %s fails on the first page, before printing anything', async (hits, shown) => {
    handler = (_req, res, url) => send(res, 200, `{"hits":${hits},"groups":${JSON.stringify(groups(offsetOf(url), Math.min(offsetOf(url) + limitOf(url), 7)))}}`);
    const r = await epi(['groups', 'list', '--all', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.message).toBe(`Unexpected response from GET /v1/groups: expected a count of records (a whole number, 0 or more) at hits, got ${shown}`);
  });

  it('a total that changes between pages stops the listing: unterminated array, exit 1', async () => {
    handler = (_req, res, url) => json(res, { hits: offsetOf(url) === 0 ? 10 : 12, groups: groups(offsetOf(url), Math.min(offsetOf(url) + 3, 10)) });
    const r = await epi(['groups', 'list', '--all', '--json', 'id']);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('[\n')).toBe(true);
    expect(r.stdout.trimEnd().endsWith(']')).toBe(false);
    expect(JSON.parse(r.stderr).error.message).toBe("The API's total changed from 10 to 12 while paging; stopped after 3 records.");
  });

  it('ids repeated inside a page, so fewer different records than the total: exit 1, not a short "complete" list', async () => {
    handler = (_req, res) => json(res, { hits: 3, groups: [{ id: 'a' }, { id: 'a' }, { id: 'b' }] });
    const r = await epi(['groups', 'list', '--all', '--ndjson']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(firstLine(r.stderr)).toBe('error: The API reported 3 records in total but sent 2 different ones (1 repeated).');
  });

  it('a page larger than the limit is cut to the limit', async () => {
    handler = (_req, res) => json(res, { hits: 7, groups: groups(0, 7) });
    const r = await epi(['groups', 'list', '--limit', '3', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: 'g0' }, { id: 'g1' }, { id: 'g2' }]);
    expect(r.stderr).toBe('warning: Showing 3 of 7 records. Use --all for every record, or --limit <n>.\n');
  });
});

describe('rate limits', () => {
  it('Retry-After as an HTTP date is honoured', async () => {
    let n = 0;
    handler = (_req, res) => (n++ === 0 ? send(res, 429, '', { 'retry-after': new Date(Date.now() + 1000).toUTCString() }) : json(res, USER5));
    const r = await epi(['users', 'get', '5', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(2);
  });

  it.each(['-5', 'soon', '1.5'])('Retry-After: %s is unreadable: the usual backoff, then success', async (value) => {
    let n = 0;
    handler = (_req, res) => (n++ === 0 ? send(res, 429, '', { 'retry-after': value }) : json(res, USER5));
    const r = await epi(['users', 'get', '5', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(15_000);
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['ratelimit-reset', 'soon'],
    ['x-ratelimit-reset', '99999999'],
  ])('without Retry-After, %s: %s is not read (ky would wait 2 minutes): the usual backoff', async (header, value) => {
    let n = 0;
    handler = (_req, res) => (n++ === 0 ? send(res, 429, '', { [header]: value }) : json(res, USER5));
    const r = await epi(['users', 'get', '5', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(15_000);
    expect(seen).toHaveLength(2);
  });

  it('a 429 that never lifts ends after --max-retries (exit 1)', async () => {
    handler = (_req, res) => send(res, 429, '{"message":"slow down"}', { 'retry-after': '0' });
    const r = await epi(['users', 'get', '5', '--max-retries', '2']);
    expect(r.code).toBe(1);
    expect(seen).toHaveLength(3);
    expect(firstLine(r.stderr)).toBe(`error: GET ${base}/v2/users/5 failed: 429 Too Many Requests: slow down`);
  });

  it('a bulk run says when it waits on a 429, so a long Retry-After does not look like a hang', async () => {
    let posts = 0;
    handler = (req, res) => {
      if (req.method === 'GET') return json(res, { results: [] });
      if (posts++ === 0) return send(res, 429, '{"message":"slow"}', { 'retry-after': '5' });
      json(res, { id: `u${posts}`, email: 'x@acme.example' });
    };
    const dir = mkdtempSync(join(tmpdir(), 'epi-hostile-bulk-'));
    const input = join(dir, 'people.csv');
    writeFileSync(input, 'email\na@acme.example\n');
    const r = await epi(['users', 'invite', '--from-file', input]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/Rate limited \(429\): waiting 5s, as the API asks, before re-sending\./g)).toHaveLength(1);
    expect(posts).toBe(2);
  });

  it('a bulk run told to wait 10^9 s stops at once with its report and the --resume command', async () => {
    handler = (req, res) => (req.method === 'GET' ? json(res, { results: [] }) : send(res, 429, '{"message":"slow"}', { 'retry-after': '1000000000' }));
    const dir = mkdtempSync(join(tmpdir(), 'epi-hostile-bulk-'));
    const input = join(dir, 'people.csv');
    writeFileSync(input, 'email\na@acme.example\nb@acme.example\nc@acme.example\n');
    const r = await epi(['users', 'invite', '--from-file', input]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[2])).toEqual(['not sent', 'not sent', 'not sent']);
    expect(r.stderr).toContain('0 done, 0 failed, 3 not sent of 3 rows.');
    expect(r.stderr).toContain('Once that is fixed, finish the remaining rows with:\n  epi users invite --from-file');
    expect(r.stderr).toContain('(it asks to wait 1000000000s before retrying, longer than epi waits: 120s)');
    // Each row is sent at most once: no row waits for the 10^9 s, none is re-sent.
    const posts = seen.filter((s) => s.startsWith('POST')).length;
    expect(posts).toBeGreaterThanOrEqual(1);
    expect(posts).toBeLessThanOrEqual(3);
  });
});

describe('headers and bodies that never end or never fit', () => {
  it.each([
    ['one 100 KB header', () => ({ 'x-big': 'a'.repeat(100_000) })],
    ['3,000 headers', () => Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, '1']))],
  ])('%s: a malformed response (header overflow), exit 1', async (_name, headers) => {
    handler = (_req, res) => send(res, 200, JSON.stringify(USER5), headers());
    const r = await epi(['users', 'get', '5', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toMatch(/sent a malformed HTTP response to GET .*Header overflow \(HPE_HEADER_OVERFLOW\)\.$/);
  });

  it('headers dripped one every 200 ms (Slowloris) are cut at --timeout', async () => {
    handler = (req) => {
      req.socket.write('HTTP/1.1 200 OK\r\n');
      let i = 0;
      const timer = setInterval(() => (req.socket.destroyed ? clearInterval(timer) : req.socket.write(`x-drip-${i++}: 1\r\n`)), 200);
    };
    const r = await epi(['users', 'get', '5', '--timeout', '1', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(10_000);
    expect(firstLine(r.stderr)).toBe(`error: Timed out after 1s waiting for GET ${base}/v2/users/5.`);
  });

  it('a write whose answer never ends: timed out, and the hint says the change was probably made', async () => {
    handler = (req, res) => {
      if (req.method === 'GET') return json(res, { id: 'g1', name: 'G' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"g1",');
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 100);
    };
    const r = await epi(['groups', 'update', 'g1', '--name', 'X', '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `error: Timed out after 1s reading the response body of PATCH ${base}/v1/groups/g1.`,
      'The API answered 200 before its body broke off, so if this was a change it was probably made: check (the matching get or list command) before you retry.',
    ]);
  });

  it('a 100 KB error message with ANSI codes is one bounded line', async () => {
    handler = (_req, res) => send(res, 400, JSON.stringify({ message: `\u001b[31mRED\u001b[0m ${'x'.repeat(100_000)}` }));
    const r = await epi(['users', 'get', '5']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(500);
    expect(r.stderr).toContain('^[[31mRED^[[0m');
    expect(r.stderr).not.toContain('\u001b');
  });
});
