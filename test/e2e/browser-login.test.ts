/**
 * `epi auth login` through the browser, with the built binary on a real terminal: util-linux
 * `script` gives it a pseudo-terminal, and the test plays the browser. It reads the login URL from
 * the terminal, calls the loopback callback once with a wrong state (403, nothing stored) and once
 * with the right one, over 127.0.0.1 and ::1 alike.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { BIN, runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const TOKEN = makeToken();
const PORTAL = 'http://127.0.0.1:9/portal';
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.warn('browser-login: skipping the terminal tests: util-linux `script` is not installed.');
const withTerminal = hasScript ? describe : describe.skip;

let fake: FakeServer;
let dir: string;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'epi-browser-')), 'epi');
  fake.requests.length = 0;
});

interface Terminal {
  child: ChildProcessWithoutNullStreams;
  /** Everything the terminal showed so far (stdout and stderr share it). */
  screen(): string;
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

/** Runs epi on a pseudo-terminal; what is written to `child.stdin` is typed into it. */
function onTerminal(args: string[], env: Record<string, string> = {}): Terminal {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', NO_COLOR: '1', ...fake.env, EPI_CONFIG_DIR: dir, EPILOT_PORTAL_URL: PORTAL, ...env },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    screen: () => out,
    async waitFor(pattern) {
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`epi exited before showing ${pattern}:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    exit,
  };
}

const LOGIN_URL = /(\S+)\/login\?cli_callback=([^&\s]+)&state=([0-9a-f]{64})&code=([0-9a-f]{6})(&readonly=true)?/;

async function loginUrl(t: Terminal) {
  const [, portal, callback, state, code, readonly] = await t.waitFor(LOGIN_URL);
  return { portal, callback: decodeURIComponent(callback!), state: state!, code: code!, readonly: !!readonly };
}

const stored = () => (existsSync(join(dir, 'config.json')) ? JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) : undefined);

function callback(base: string, host: string, query: Record<string, string>): Promise<Response> {
  const url = new URL(base);
  url.hostname = host;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return fetch(url);
}

withTerminal('epi auth login in a browser', () => {
  it('refuses a callback with a wrong or missing state (403, nothing stored), then logs in with the right one', async () => {
    const t = onTerminal(['auth', 'login', '--no-browser', '--profile', 'work']);
    const login = await loginUrl(t);
    expect(login.portal).toBe(PORTAL);
    expect(login.callback).toMatch(/^http:\/\/localhost:\d+\/callback$/);
    expect(t.screen()).toContain(`Your verification code is ${login.code}`);

    const wrong = await callback(login.callback, '127.0.0.1', { token: TOKEN, state: 'f'.repeat(64), org_id: '739224', user_id: '10001', name: 'Ada' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('Nothing was stored.');
    const missing = await callback(login.callback, '127.0.0.1', { token: TOKEN });
    expect(missing.status).toBe(403);
    await t.waitFor(/Refused a login callback with no state/);
    expect(t.screen()).toContain('Refused a login callback with a wrong state');
    expect(stored()).toBeUndefined();
    expect(fake.requests).toEqual([]);

    const right = await callback(login.callback, '[::1]', { token: TOKEN, state: login.state, org_id: '739224', user_id: '10001', name: 'Ada' });
    expect(right.status).toBe(200);
    const page = await right.text();
    expect(page).toContain('You can close this tab.');
    expect(page).toContain(`Verification code: ${login.code}`);
    expect(await t.exit).toBe(0);
    expect(t.screen()).toContain('Logged in to organization 739224 as admin@acme.example (profile "work"');
    expect(t.screen()).not.toContain(TOKEN);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/users/me']);
    expect(stored().profiles.work).toMatchObject({ token: TOKEN, org_id: '739224', user_id: '10001', email: 'admin@acme.example' });
  });

  it('stores nothing when the API rejects the token from the callback, and tells the browser', async () => {
    const revoked = makeToken({ email: 'revoked@acme.example' });
    fake.state.revoked.add(revoked);
    const t = onTerminal(['auth', 'login', '--no-browser']);
    const login = await loginUrl(t);
    const r = await callback(login.callback, '127.0.0.1', { token: revoked, state: login.state });
    expect(r.status).toBe(401);
    expect(await r.text()).toContain('Login failed');
    expect(await t.exit).toBe(4);
    expect(stored()).toBeUndefined();
  });

  it('takes a pasted token while it waits', async () => {
    const t = onTerminal(['auth', 'login', '--no-browser', '--readonly']);
    const login = await loginUrl(t);
    expect(login.readonly).toBe(true);
    await t.waitFor(/paste a token here/);
    t.child.stdin.write(`${TOKEN}\r`);
    expect(await t.exit).toBe(0);
    expect(stored().profiles.default.token).toBe(TOKEN);
    // The callback is gone once the login is done.
    await expect(callback(login.callback, '127.0.0.1', { token: TOKEN, state: login.state })).rejects.toThrow();
  });

  it('Ctrl-C exits 130 and stores nothing', async () => {
    const t = onTerminal(['auth', 'login', '--no-browser']);
    await loginUrl(t);
    await t.waitFor(/paste a token here/);
    t.child.stdin.write('\x03');
    expect(await t.exit).toBe(130);
    // What a cancel prints: "Cancelled." as the last line, after the question it stopped.
    expect(t.screen()).toMatch(/paste a token here[\s\S]*Cancelled\.\r?\n$/);
    expect(stored()).toBeUndefined();
  });

  it('follows --env to the portal host when EPILOT_PORTAL_URL is not set', async () => {
    const t = onTerminal(['auth', 'login', '--no-browser', '--env', 'staging'], { EPILOT_PORTAL_URL: '' });
    const login = await loginUrl(t);
    expect(login.portal).toBe('https://portal.staging.epilot.cloud');
    // Ctrl-C at the question (one sent before it is asked ends the process by the signal, printing nothing).
    await t.waitFor(/paste a token here/);
    t.child.stdin.write('\x03');
    expect(await t.exit).toBe(130);
    expect(t.screen()).toMatch(/paste a token here[\s\S]*Cancelled\.\r?\n$/);
  });
});

describe('epi auth login without a terminal', () => {
  it('exits 2 naming --with-token, and sends nothing', async () => {
    const r = await runBin(['auth', 'login'], { env: { ...fake.env, EPI_CONFIG_DIR: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--with-token');
    expect(fake.requests).toEqual([]);
  });
});
