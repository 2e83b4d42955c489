/**
 * The product's emulator (src/emulator/) served on 127.0.0.1 for the e2e tests, with what only
 * tests need around it: fault injection, added latency, a request log and direct access to the
 * state. One emulator, not two: every route the tests exercise is the one `--env local` runs, and
 * the emulator itself refuses requests that break the package specs (src/emulator/contract.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRouter, handle } from '../../src/emulator/core.js';
import { readAll } from '../../src/emulator/serve.js';
import type { FakeReply, Router } from '../../src/emulator/router.js';
import { createState, type FakeState } from '../../src/emulator/state.js';

export type { FakeReply, FakeRequest, Handler, Route } from '../../src/emulator/router.js';
export { pageOf, Router } from '../../src/emulator/router.js';

/** A misbehaviour to apply to the next matching requests (fault-injection tests). */
export interface Fault {
  method?: string;
  path?: string | RegExp;
  /** How many requests it applies to (default 1). */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  /** A body sent as is (HTML pages, truncated JSON). */
  raw?: string;
  body?: unknown;
  /** Wait before answering. */
  delayMs?: number;
  /** Send headers, then trickle the body slower than any timeout. */
  slowBody?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
}

export interface LoggedRequest {
  /** When it arrived (ms since the epoch): tests compare these instead of timing the client. */
  at: number;
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeServer {
  url: string;
  port: number;
  state: FakeState;
  router: Router;
  requests: LoggedRequest[];
  faults: Fault[];
  /** Adds latency to every request (the bulk-invite benchmark). */
  latencyMs: number;
  /** Environment that points every API of epi at this server. */
  env: Record<string, string>;
  inject(fault: Fault): void;
  close(): Promise<void>;
}

export async function startFakeServer(options: { latencyMs?: number; state?: FakeState } = {}): Promise<FakeServer> {
  const state = options.state ?? createState();
  const router = createRouter();
  const requests: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const fake = { latencyMs: options.latencyMs ?? 0 } as FakeServer;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readAll(req);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    requests.push({ at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query: url.search, headers: req.headers, body });
    if (fake.latencyMs) await sleep(fake.latencyMs);

    const fault = takeFault(faults, req.method ?? 'GET', url.pathname);
    if (fault) return applyFault(fault, res);

    const answer = await handle(router, state, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: rawBody });
    res.writeHead(answer.status, answer.body ? { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) } : answer.headers);
    res.end(answer.body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return Object.assign(fake, {
    url,
    port,
    state,
    router,
    requests,
    faults,
    env: {
      EPILOT_ORGANIZATION_API_URL: url,
      EPILOT_USER_API_URL: url,
      EPILOT_PARTNER_DIRECTORY_API_URL: url,
      EPILOT_PERMISSIONS_API_URL: url,
      EPILOT_ACCESS_TOKEN_API_URL: url,
      EPILOT_AUDIT_LOGS_API_URL: url,
    },
    inject: (f: Fault) => faults.push({ times: 1, ...f }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

function takeFault(faults: Fault[], method: string, path: string): Fault | undefined {
  const i = faults.findIndex(
    (f) => (!f.method || f.method === method) && (!f.path || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
  );
  if (i < 0) return undefined;
  const fault = faults[i]!;
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) faults.splice(i, 1);
  return fault;
}

async function applyFault(f: Fault, res: ServerResponse): Promise<void> {
  if (f.delayMs) await sleep(f.delayMs);
  if (f.hang) return;
  if (f.reset) {
    res.socket?.destroy();
    return;
  }
  if (f.slowBody) {
    res.writeHead(f.status ?? 200, { 'content-type': 'application/json', ...f.headers });
    res.write('{"id":');
    return; // never finished: the client's body timeout must fire
  }
  if (f.raw !== undefined) {
    res.writeHead(f.status ?? 200, { 'content-type': 'text/html', ...f.headers });
    res.end(f.raw);
    return;
  }
  send(res, { status: f.status, body: f.body, headers: f.headers });
}

export function send(res: ServerResponse, reply: FakeReply): void {
  const status = reply.status ?? 200;
  if (reply.body === undefined) {
    res.writeHead(status, reply.headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...reply.headers });
  res.end(text);
}


export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
