/**
 * `epi emulator serve`: the same emulator over HTTP on 127.0.0.1, for curl, the official SDKs or
 * any other tool. Requests are answered from the state file exactly as `--env local` answers them,
 * so a served emulator and local commands share one state.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Headers } from '../api/fetch-classes.js';
import { localFetch } from './local.js';

export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serve(file: string, port: number, onRequest?: (line: string) => void): Promise<Served> {
  const answer = localFetch(file);
  const server: Server = createServer(async (req, res) => {
    const body = await readAll(req);
    const url = `http://127.0.0.1${req.url ?? '/'}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    try {
      const response = await answer(url, { method: req.method, headers, body: body && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined });
      const text = await response.text();
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': Buffer.byteLength(text) });
      res.end(text);
      onRequest?.(`${req.method} ${req.url} → ${response.status}`);
    } catch (error) {
      const text = JSON.stringify({ message: `emulator error: ${(error as Error).message}` });
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(text);
      onRequest?.(`${req.method} ${req.url} → 500 ${(error as Error).message}`);
    }
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the emulator has no real authentication and must never face a network.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A request's whole body as text (also used by the e2e fake in test/fake/server.ts). */
export function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
