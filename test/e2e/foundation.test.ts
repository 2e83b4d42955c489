import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { runEpi } from '../helpers/run.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
let configDir: string;
const TOKEN = makeToken();

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  configDir = mkdtempSync(join(tmpdir(), 'epi-e2e-'));
  fake.requests.length = 0;
  fake.faults.length = 0;
});

const epi = (args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}) =>
  runBin(args, { input: options.input, env: { ...fake.env, EPI_CONFIG_DIR: join(configDir, 'epi'), ...options.env } });
const withToken = { EPILOT_TOKEN: TOKEN };

describe('auth and config storage', () => {
  it('logs in from stdin, stores the token 0600 in a 0700 directory, and never prints it', async () => {
    const login = await epi(['auth', 'login', '--with-token'], { input: `${TOKEN}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toBe('');
    expect(login.stderr).toContain('Logged in to organization 739224 as admin@acme.example');
    expect(login.stderr + login.stdout).not.toContain(TOKEN);
    const file = join(configDir, 'epi', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(configDir, 'epi')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.default.token).toBe(TOKEN);

    const status = await epi(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ profile: 'default', source: 'profile', org_id: '739224', user_id: '10001', email: 'admin@acme.example', token_kind: 'cognito-user', expired: false });

    const token = await epi(['auth', 'token']);
    expect(token.stdout).toBe(`${TOKEN}\n`);

    const logout = await epi(['auth', 'logout']);
    expect(logout.code).toBe(0);
    const after = await epi(['auth', 'status']);
    expect(after.code).toBe(4);
    expect(after.stderr).toContain('Not logged in');
  });

  it('refuses a token the API rejects, and stores nothing', async () => {
    fake.state.revoked.add(TOKEN);
    try {
      const r = await epi(['auth', 'login', '--with-token'], { input: TOKEN });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('401');
      expect(() => statSync(join(configDir, 'epi', 'config.json'))).toThrow();
    } finally {
      fake.state.revoked.delete(TOKEN);
    }
  });

  it('keeps profiles apart: --profile stores and reads its own token', async () => {
    const other = makeToken({ 'custom:ivy_org_id': '42', email: 'x@y.example' });
    await epi(['auth', 'login', '--with-token', '--profile', 'staging'], { input: TOKEN });
    const s = await epi(['auth', 'status', '--json', '--profile', 'staging']);
    expect(JSON.parse(s.stdout).profile).toBe('staging');
    const d = await epi(['auth', 'status']);
    expect(d.code).toBe(4);
    const env = await epi(['auth', 'status', '--json'], { env: { EPILOT_TOKEN: other } });
    expect(JSON.parse(env.stdout)).toMatchObject({ source: 'env', org_id: '42' });
  });

  it('says "expired" and exits 4 for an expired token', async () => {
    const r = await epi(['auth', 'status'], { env: { EPILOT_TOKEN: makeToken({ exp: 1_000_000 }) } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('expired');
  });

  it('explains a corrupt config file, names it, and leaves it untouched', async () => {
    mkdirSync(join(configDir, 'epi'), { recursive: true, mode: 0o700 });
    const file = join(configDir, 'epi', 'config.json');
    writeFileSync(file, '{"profiles":{"default":{"token":"abc"', { mode: 0o600 });
    const r = await epi(['org', 'current']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('not valid JSON');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('{"profiles":{"default":{"token":"abc"');
  });

  it('tightens a world-readable config file and warns', async () => {
    mkdirSync(join(configDir, 'epi'), { recursive: true, mode: 0o700 });
    const file = join(configDir, 'epi', 'config.json');
    writeFileSync(file, JSON.stringify({ profiles: { default: { token: TOKEN } } }), { mode: 0o644 });
    const r = await epi(['org', 'current', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('readable by others');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('config set/get/list validate and round-trip per profile', async () => {
    expect((await epi(['config', 'set', 'env', 'staging'])).code).toBe(0);
    expect((await epi(['config', 'get', 'env'])).stdout).toBe('staging\n');
    const bad = await epi(['config', 'set', 'env', 'qa']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('prod, staging, dev');
    const list = await epi(['config', 'list', '--json'], { env: { EPILOT_USER_API_URL: undefined } });
    expect(JSON.parse(list.stdout)).toMatchObject({ profile: 'default', env: 'staging', user_api_url: 'https://user.staging.sls.epilot.io' });
    const insecure = await epi(['config', 'set', 'user_api_url', 'http://user.example.com']);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain('plain http://');
  });
});

describe('org and settings against the fake', () => {
  it('reads, writes and deletes settings with the right streams and exit codes', async () => {
    const put = await epi(['settings', 'put', 'double_opt_in', '{"enabled":false}', '--json'], { env: withToken });
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toEqual({ enabled: false });
    expect(fake.state.settings.get('739224')!.double_opt_in).toEqual({ enabled: false });

    const get = await epi(['settings', 'get', 'default_language'], { env: withToken });
    expect(get.stdout).toBe('de\n');

    const list = await epi(['settings', 'list', '--json'], { env: withToken });
    expect(JSON.parse(list.stdout)).toEqual({ default_language: 'de', double_opt_in: { enabled: false } });

    const refused = await epi(['settings', 'delete', 'default_language'], { env: withToken });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(fake.state.settings.get('739224')!.default_language).toBe('de');

    const del = await epi(['settings', 'delete', 'default_language', '--yes'], { env: withToken });
    expect(del.code).toBe(0);
    expect(fake.state.settings.get('739224')!.default_language).toBeUndefined();

    const missing = await epi(['settings', 'get', 'default_language'], { env: withToken });
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
  });

  it('updates the org with a PATCH of only the given fields', async () => {
    const r = await epi(['org', 'update', '--phone', '+49 221 1', '--json', 'phone'], { env: withToken });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ phone: '+49 221 1' });
    const patch = fake.requests.find((q) => q.method === 'PATCH')!;
    expect(patch.body).toEqual({ phone: '+49 221 1' });
    expect(patch.headers['user-agent']).toMatch(/^epi\/\d/);
  });

  it('--dry-run prints the request, sends nothing and needs no token', async () => {
    const r = await epi(['settings', 'put', 'x', '1', '--org', '739224', '--dry-run']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: `${fake.url}/v2/organization/739224/settings/x`, body: 1 });
    expect(fake.requests).toEqual([]);
  });
});

describe('HTTP behaviour', () => {
  it('retries a GET through a 503 burst, then succeeds', async () => {
    fake.inject({ path: '/v2/organization/current', status: 503, body: { message: 'busy' }, times: 2 });
    const r = await epi(['org', 'current', '--json', 'id'], { env: withToken });
    expect(r.code).toBe(0);
    expect(fake.requests.filter((q) => q.path === '/v2/organization/current')).toHaveLength(3);
  });

  it('never retries a PATCH', async () => {
    fake.inject({ method: 'PATCH', status: 503, body: { message: 'busy' } });
    const r = await epi(['org', 'update', '--name', 'X'], { env: withToken });
    expect(r.code).toBe(1);
    expect(fake.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
  });

  it('times out after --timeout seconds with a one-line message', async () => {
    fake.inject({ path: '/v2/organization/current', hang: true });
    const r = await epi(['org', 'current', '--timeout', '0.5', '--max-retries', '0'], { env: withToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Timed out after 0.5s');
    expect(r.stdout).toBe('');
  });

  it('--debug logs requests and responses without the token', async () => {
    const r = await epi(['org', 'current', '--json', '--debug'], { env: withToken });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[debug\] → GET http:\/\/127\.0\.0\.1:\d+\/v2\/organization\/current/);
    expect(r.stderr).toMatch(/\[debug\] ← 200 GET/);
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('refuses plain http to a non-loopback host before sending the token', async () => {
    const r = await epi(['org', 'current'], { env: { ...withToken, EPILOT_ORGANIZATION_API_URL: 'http://example.com' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Refusing plain http://');
    expect(fake.requests).toEqual([]);
  });

  it('answers --help from the help rendered at build time, identical to the live command tree', async () => {
    const fast = await epi(['--help']);
    const live = await runEpi(['help'], { token: null });
    expect(fast.code).toBe(0);
    expect(live.code).toBe(0);
    expect(fast.stdout).toBe(live.stdout);
  });

  it('prints help and version on stdout with exit 0, usage errors on stderr with exit 2', async () => {
    const help = await epi(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    const version = await epi(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const bad = await epi(['org', 'current', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });
});
