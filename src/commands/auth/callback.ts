import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBaseUrl, type Env } from '../../config/env.js';
import { UsageError } from '../../errors.js';

/**
 * The browser half of `epi auth login`, as epilot's portal supports it (and @epilot/cli uses it):
 * epi opens the portal's login page with a loopback callback URL, a random `state` and a short
 * verification code; after sign-in the portal sends the browser to the callback with the token.
 */

const PORTAL: Record<Exclude<Env, 'local'>, string> = {
  prod: 'https://portal.epilot.cloud',
  staging: 'https://portal.staging.epilot.cloud',
  dev: 'https://portal.dev.epilot.cloud',
};

export function portalUrl(env: Env, vars: Record<string, string | undefined>): string {
  if (vars.EPILOT_PORTAL_URL) return checkBaseUrl(vars.EPILOT_PORTAL_URL, 'EPILOT_PORTAL_URL');
  if (env === 'local') {
    throw new UsageError('The local emulator needs no login: its demo admin is used when no token is set.', {
      hint: 'Run commands with --env local (or --profile local-prod / local-sandbox) directly.',
    });
  }
  return PORTAL[env];
}

export interface LoginRequest {
  url: string;
  state: string;
  /** Shown in the terminal and on the page the browser lands on, so the user can match the two. */
  code: string;
}

export function loginRequest(portal: string, callbackUrl: string, readonly: boolean): LoginRequest {
  const state = randomBytes(32).toString('hex');
  const code = randomBytes(3).toString('hex');
  const query = new URLSearchParams({ cli_callback: callbackUrl, state, code });
  if (readonly) query.set('readonly', 'true');
  return { url: `${portal}/login?${query}`, state, code };
}

/** One callback that carried the right state. Answer it once the token has been checked. */
export interface Callback {
  token: string;
  answer(status: number, title: string, text: string): void;
}

export interface CallbackListener {
  callbackUrl: string;
  /** The first request that carries `state`; others are refused with 403 and reported to `onRefused`. */
  next(state: string, onRefused: (reason: string) => void): Promise<Callback>;
  close(): void;
}

/**
 * Listens on loopback only, on one port for both 127.0.0.1 and ::1, since a browser may resolve
 * `localhost` to either. Without IPv6 on the machine, 127.0.0.1 alone.
 */
export async function listenForCallback(): Promise<CallbackListener> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => page(res, 503, 'Not ready', 'epi is not waiting for a login yet.');
  const servers: Server[] = [];
  const serve = () => createServer((req, res) => handler(req, res));
  for (let attempt = 0; ; attempt++) {
    const v4 = serve();
    await listen(v4, 0, '127.0.0.1');
    const port = (v4.address() as AddressInfo).port;
    const v6 = serve();
    try {
      await listen(v6, port, '::1');
      servers.push(v4, v6);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && attempt < 5) {
        v4.close();
        continue;
      }
      servers.push(v4);
    }
    break;
  }
  const port = (servers[0]!.address() as AddressInfo).port;
  return {
    callbackUrl: `http://localhost:${port}/callback`,
    next(state, onRefused) {
      return new Promise((resolve) => {
        let settled = false;
        handler = (req, res) => {
          const url = new URL(req.url ?? '/', 'http://localhost');
          if (req.method !== 'GET' || url.pathname !== '/callback') return page(res, 404, 'Not found', 'This address only takes the login callback.');
          if (settled) return page(res, 409, 'Already handled', 'epi has already received a login; look at your terminal.');
          if (!sameSecret(url.searchParams.get('state'), state)) {
            onRefused(url.searchParams.has('state') ? 'a wrong state' : 'no state');
            return page(res, 403, 'Login refused', 'This login did not come from the epi that is waiting in your terminal (its state does not match). Nothing was stored.');
          }
          settled = true;
          resolve({ token: url.searchParams.get('token') ?? '', answer: (status, title, text) => page(res, status, title, text) });
        };
      });
    },
    close() {
      for (const server of servers) {
        server.close();
        server.closeAllConnections();
      }
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>epi: ${escapeHtml(title)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:40em;margin:4em auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  // The callback URL carries the token: no caching, and no Referer to wherever the page links.
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', connection: 'close' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
