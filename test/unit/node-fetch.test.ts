import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request } from '../../src/api/fetch-classes.js';
import { nodeFetch, proxyFor, ResponseTooLargeError } from '../../src/api/node-fetch.js';

let server: Server;
let base: string;
const seen: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('x'.repeat(5000));
      } else if (req.url === '/big-gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('x'.repeat(5000)));
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('{"zipped":true}'));
      } else if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
      } else if (req.url === '/cookies') {
        res.writeHead(200, [['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
        res.end('ok');
      } else if (req.url === '/hang') {
        // never answers
      } else {
        res.writeHead(201, 'Made', { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: body }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  nock.disableNetConnect();
});

describe('nodeFetch', () => {
  it('sends method, headers and body, and returns status, status text and JSON', async () => {
    const res = await nodeFetch(new Request(`${base}/echo`, { method: 'POST', headers: { 'x-a': '1', 'content-type': 'application/json' }, body: '{"a":1}' }));
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(await res.json()).toEqual({ echo: '{"a":1}' });
    const req = seen.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', url: '/echo', body: '{"a":1}' });
    expect(req.headers).toMatchObject({ 'x-a': '1', 'content-length': '7' });
  });

  it('decodes gzip bodies as fetch does', async () => {
    const res = await nodeFetch(`${base}/gzip`);
    expect(await res.json()).toEqual({ zipped: true });
  });

  it('gives 204 a null body', async () => {
    const res = await nodeFetch(`${base}/empty`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it('keeps repeated headers', async () => {
    const res = await nodeFetch(`${base}/cookies`);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('rejects like fetch on a refused connection: TypeError with the system error as cause', async () => {
    const error = await nodeFetch('http://127.0.0.1:1/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stops when the request signal aborts, with the abort reason', async () => {
    const controller = new AbortController();
    const pending = nodeFetch(new Request(`${base}/hang`, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('nodeFetch body cap', () => {
  it('fails reading a body larger than maxBodyBytes, by Content-Length or after decoding', async () => {
    for (const path of ['/big', '/big-gzip']) {
      const res = await nodeFetch(`${base}${path}`, { transport: { maxBodyBytes: 4096 } });
      expect(res.status).toBe(200);
      const error = await res.text().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as ResponseTooLargeError).limitBytes).toBe(4096);
    }
  });

  it('passes a body within the cap unchanged', async () => {
    const res = await nodeFetch(`${base}/big-gzip`, { transport: { maxBodyBytes: 5000 } });
    expect(await res.text()).toBe('x'.repeat(5000));
  });
});

describe('proxyFor', () => {
  const NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];
  const withEnv = async (vars: Record<string, string>, run: () => Promise<void>) => {
    const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, vars);
    try {
      await run();
    } finally {
      for (const n of NAMES) {
        if (saved[n] === undefined) delete process.env[n];
        else process.env[n] = saved[n];
      }
    }
  };

  it('is undefined without proxy variables', async () => {
    await withEnv({}, async () => expect(await proxyFor('https://user.sls.epilot.io/v2/users')).toBeUndefined());
  });

  it('picks the variable for the scheme, in either case, then ALL_PROXY', async () => {
    await withEnv({ HTTPS_PROXY: 'http://proxy:3128', http_proxy: 'http://plain:8080' }, async () => {
      expect(await proxyFor('https://user.sls.epilot.io/')).toBe('http://proxy:3128');
      expect(await proxyFor('http://127.0.0.1:9/')).toBe('http://plain:8080');
    });
    await withEnv({ all_proxy: 'http://all:1' }, async () => expect(await proxyFor('https://user.sls.epilot.io/')).toBe('http://all:1'));
  });

  it.each([
    ['user.sls.epilot.io', true],
    ['.epilot.io', true],
    ['epilot.io', true],
    ['*.epilot.io', true],
    ['*', true],
    ['other.io, localhost', false],
    ['sls.epilot.io:8443', false],
    ['pilot.io', false],
  ])('NO_PROXY=%s excludes user.sls.epilot.io: %s', async (noProxy, excluded) => {
    await withEnv({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy }, async () => {
      expect(await proxyFor('https://user.sls.epilot.io/v2/users')).toBe(excluded ? undefined : 'http://proxy:3128');
    });
  });
});
