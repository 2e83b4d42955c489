import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { LOGIN_TIMEOUT_MS } from '../../src/commands/auth/login.js';
import { CancelledError } from '../../src/errors.js';
import { runEpi, tempConfigDir } from '../helpers/run.js';
import { makeToken, TOKEN } from '../helpers/token.js';

const USER_API = 'https://user.sls.epilot.io';
const ME = { id: '10001', organization_id: '739224', email: 'admin@acme.example', display_name: 'Ada' };
const stored = (dir: string) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));

/** Stores TOKEN in the profile through a real login (one GET /v2/users/me). */
async function loginAs(dir: string, profile = 'default'): Promise<void> {
  nock(USER_API).get('/v2/users/me').reply(200, ME);
  const r = await runEpi(`auth login --with-token --profile ${profile}`, { token: null, stdin: TOKEN, configDir: dir });
  expect(r.code).toBe(0);
}

describe('epi auth login', () => {
  it('reads the token from stdin, checks it with /v2/users/me and stores it', async () => {
    const dir = tempConfigDir();
    nock(USER_API).get('/v2/users/me').matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, ME);
    const r = await runEpi('auth login --with-token', { token: null, stdin: `${TOKEN}\n`, configDir: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Logged in to organization 739224 as admin@acme.example (profile "default", Cognito user token)');
    expect(r.stderr).not.toContain(TOKEN);
    expect(stored(dir).profiles.default).toEqual({ token: TOKEN, email: 'admin@acme.example', org_id: '739224', user_id: '10001' });
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('prompts for the token (hidden) on a terminal', async () => {
    const dir = tempConfigDir();
    const asked: string[] = [];
    nock(USER_API).get('/v2/users/me').reply(200, ME);
    const r = await runEpi('auth login --profile work --no-browser', {
      token: null,
      tty: true,
      configDir: dir,
      prompter: { secret: async (m) => (asked.push(m), TOKEN) },
    });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Waiting for the browser. Or paste a token here (input is hidden):']);
    expect(r.stderr).toMatch(/Log in to epilot in your browser at:\n {2}https:\/\/portal\.epilot\.cloud\/login\?cli_callback=http%3A%2F%2Flocalhost%3A\d+%2Fcallback&state=[0-9a-f]{64}&code=[0-9a-f]{6}\n/);
    expect(stored(dir).profiles.work.token).toBe(TOKEN);
  });

  it('never prompts without a terminal: exit 2 naming --with-token', async () => {
    const r = await runEpi('auth login', { token: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--with-token');
  });

  it('never prompts under --no-input or CI, even on a terminal', async () => {
    for (const opts of [{ argv: 'auth login --no-input', env: {} }, { argv: 'auth login', env: { CI: 'true' } }]) {
      const r = await runEpi(opts.argv, { token: null, tty: true, env: opts.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'error: `epi auth login` opens a browser and needs a terminal; there is none here (or CI / --no-input is set).\nPipe a token in with --with-token, e.g. `echo "$EPILOT_TOKEN" | epi auth login --with-token`.\n',
      );
    }
  });

  it('exits 130 quietly when the prompt is cancelled', async () => {
    const dir = tempConfigDir();
    const r = await runEpi('auth login --no-browser', {
      token: null,
      tty: true,
      configDir: dir,
      prompter: { secret: async () => { throw new CancelledError(); } },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/\nCancelled\.\n$/);
    expect(() => readFileSync(join(dir, 'config.json'))).toThrow();
  });

  it('gives up waiting for the browser after 5 minutes, storing nothing', async () => {
    const dir = tempConfigDir();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const r = await runEpi('auth login --no-browser', {
        token: null,
        tty: true,
        configDir: dir,
        // Nobody pastes anything; once epi is waiting, five minutes pass on the fake clock.
        prompter: {
          secret: () => {
            void Promise.resolve().then(() => vi.advanceTimersByTimeAsync(LOGIN_TIMEOUT_MS));
            return new Promise<string>(() => undefined);
          },
        },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: No login arrived within 5 minutes; nothing was stored.');
      expect(() => readFileSync(join(dir, 'config.json'))).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects something that is not a JWT before any request', async () => {
    const r = await runEpi('auth login --with-token', { token: null, stdin: 'hello' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not an epilot token');
    expect(r.requests).toEqual([]);
  });

  it('rejects an expired token with exit 4', async () => {
    const r = await runEpi('auth login --with-token', { token: null, stdin: makeToken({ exp: 1000 }) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('expired');
  });

  it('stores nothing when the API rejects the token', async () => {
    const dir = tempConfigDir();
    nock(USER_API).get('/v2/users/me').reply(401, { message: 'Invalid token' });
    const r = await runEpi('auth login --with-token', { token: null, stdin: TOKEN, configDir: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Invalid token');
    expect(() => readFileSync(join(dir, 'config.json'))).toThrow();
  });

  it('reads org and user from the org_id/user_id claims of API tokens', async () => {
    const api = makeToken({ 'custom:ivy_org_id': undefined, 'custom:ivy_user_id': undefined, 'cognito:username': undefined, email: undefined, org_id: '42', user_id: '7', token_type: 'api' });
    nock(USER_API).get('/v2/users/me').reply(200, { id: '7', email: 'bot@acme.example' });
    const r = await runEpi('auth login --with-token --json', { token: null, stdin: api });
    expect(JSON.parse(r.stdout)).toEqual({ profile: 'default', org_id: '42', user_id: '7', email: 'bot@acme.example', token_kind: 'api-access' });
  });
});

describe('epi auth status / token / logout', () => {
  it('--offline shows the status from the token without a request', async () => {
    const r = await runEpi('auth status --json --offline');
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'default', source: 'env', org_id: '739224', user_id: '10001', email: 'admin@acme.example', token_kind: 'cognito-user', expired: false, expires: expect.stringMatching(/^in (59 min|1 hour)$/), verified: null });
  });

  it('asks the API whether the token still works', async () => {
    nock(USER_API).get('/v2/users/me').matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, ME);
    const r = await runEpi('auth status --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ org_id: '739224', email: 'admin@acme.example', verified: true });
  });

  it('a token the API rejects exits 4, and the hint names EPILOT_TOKEN when it came from there', async () => {
    nock(USER_API).get('/v2/users/me').reply(401, { message: 'Token revoked' });
    const r = await runEpi('auth status');
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/Checked with the API\s+yes, REJECTED/);
    expect(r.stderr).toContain('error: The API rejected the token from EPILOT_TOKEN: Token revoked.');
    expect(r.stderr).toContain('Set EPILOT_TOKEN to a fresh token');
    expect(r.stderr).not.toContain('epi auth login');
  });

  it('a stored token the API rejects says to log in again', async () => {
    const dir = tempConfigDir();
    await loginAs(dir);
    nock(USER_API).get('/v2/users/me').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('auth status', { token: null, configDir: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The API rejected the token from profile "default"');
    expect(r.stderr).toContain('Run `epi auth login` to store a new token.');
  });

  it('a token that cannot be decoded exits 4 before any request', async () => {
    const r = await runEpi('auth status', { token: 'not-a-jwt' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The token from EPILOT_TOKEN cannot be decoded');
    expect(r.requests).toEqual([]);
  });

  it('prints a readable view on a terminal', async () => {
    const r = await runEpi('auth status --offline', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/Token source\s+EPILOT_TOKEN environment variable/);
    expect(r.stdout).toMatch(/Organization\s+739224/);
  });

  it('exits 4 and says "expired" for an expired token, still showing the status', async () => {
    const r = await runEpi('auth status --json', { token: makeToken({ exp: 1000 }) });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).expired).toBe(true);
    expect(JSON.parse(r.stderr).error.message).toContain('expired');
  });

  it('exits 4 when there is no token, and points someone without an account at the emulator', async () => {
    const r = await runEpi('auth status', { token: null });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'error: Not logged in (profile "default").\nRun `epi auth login`, or set EPILOT_TOKEN. To try epi without an account, add --env local (the built-in emulator).\n',
    );
  });

  it('without a token, the hint names the profiles that exist', async () => {
    const dir = tempConfigDir();
    await loginAs(dir, 'staging');
    const r = await runEpi('org current', { token: null, configDir: dir });
    expect(r.code).toBe(4);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe('error: Not logged in (profile "default").\nRun `epi auth login`, set EPILOT_TOKEN, or use another profile with --profile (staging).\n');
  });

  it('prints the token for $(epi auth token)', async () => {
    const r = await runEpi('auth token');
    expect(r.stdout).toBe(`${TOKEN}\n`);
  });

  it('logout --all removes every stored token but keeps other settings', async () => {
    const dir = tempConfigDir();
    for (const profile of ['default', 'b']) {
      await loginAs(dir, profile);
    }
    await runEpi('config set env staging --profile b', { token: null, configDir: dir });
    const r = await runEpi('auth logout --all', { token: null, configDir: dir });
    expect(r.code).toBe(0);
    expect(stored(dir).profiles).toEqual({ b: { env: 'staging' } });
  });
});

describe('expired tokens and public endpoints', () => {
  it('an expired token stops authenticated requests before anything is sent', async () => {
    const r = await runEpi('org current', { token: makeToken({ exp: 1000 }) });
    expect(r.code).toBe(4);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe('error: The token from EPILOT_TOKEN expired at 1970-01-01T00:16:40.000Z.\nSet EPILOT_TOKEN to a fresh token (it wins over any stored login), or unset it.\n');
  });
});

describe('choosing a profile', () => {
  async function twoProfiles(): Promise<string> {
    const dir = tempConfigDir();
    for (const profile of ['default', 'staging']) {
      await loginAs(dir, profile);
    }
    return dir;
  }

  it('a --profile that does not exist lists the ones that do, before any request', async () => {
    const dir = await twoProfiles();
    const r = await runEpi('org current --profile stagign', { configDir: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No profile named "stagign" (--profile). Profiles: default, staging.');
    expect(r.stderr).toContain('`epi auth login --profile stagign`');
    expect(r.requests).toEqual([]);
  });

  it('so does an EPILOT_PROFILE that does not exist, even with EPILOT_TOKEN set', async () => {
    const dir = await twoProfiles();
    const r = await runEpi('org current', { configDir: dir, env: { EPILOT_PROFILE: 'prod' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No profile named "prod" (EPILOT_PROFILE). Profiles: default, staging.');
  });

  it('auth login and config set create a profile that does not exist yet', async () => {
    const dir = tempConfigDir();
    await loginAs(dir, 'new');
    expect((await runEpi('config set env dev --profile other', { token: null, configDir: dir })).code).toBe(0);
    expect(Object.keys(stored(dir).profiles)).toEqual(['new', 'other']);
  });

  it('refuses a profile name that is not a plain word: --profile __proto__ stores nothing and says so', async () => {
    const dir = tempConfigDir();
    const r = await runEpi('auth login --with-token --profile __proto__', { token: null, stdin: TOKEN, configDir: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid profile name "__proto__" (--profile).');
    expect(r.stderr).not.toContain('Logged in');
    expect(r.requests).toEqual([]);
  });
});

describe('auth hints name where the token comes from', () => {
  it('a 401 for a token from EPILOT_TOKEN says to change EPILOT_TOKEN, not to log in', async () => {
    nock('https://organization-v2.sls.epilot.io').get('/v2/organization/current').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('org current');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The token in EPILOT_TOKEN was rejected or has expired. Set EPILOT_TOKEN to a fresh token');
    expect(r.stderr).not.toContain('epi auth login');
  });

  it('a 401 for a stored token says to log in again', async () => {
    const dir = tempConfigDir();
    await loginAs(dir);
    nock('https://organization-v2.sls.epilot.io').get('/v2/organization/current').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('org current', { token: null, configDir: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Run `epi auth login` to sign in again.');
  });

  it('a 403 for a token from EPILOT_TOKEN suggests another EPILOT_TOKEN', async () => {
    nock('https://organization-v2.sls.epilot.io').get('/v2/organization/current').reply(403, { message: 'Forbidden' });
    const r = await runEpi('org current');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('set EPILOT_TOKEN to another token');
  });
});

describe('epi auth list', () => {
  it('lists every profile with env, org, email, kind and relative expiry, marks the active one, and shows no token', async () => {
    const dir = tempConfigDir();
    const now = Date.parse('2026-11-25T12:00:00Z');
    const user = makeToken({ exp: now / 1000 + 52 * 60 });
    const api = makeToken({ 'custom:ivy_org_id': undefined, 'cognito:username': undefined, email: undefined, org_id: '42', token_type: 'api', exp: now / 1000 - 3 * 86400 });
    nock(USER_API).get('/v2/users/me').reply(200, ME);
    await runEpi('auth login --with-token', { token: null, stdin: user, configDir: dir, now });
    nock(USER_API).get('/v2/users/me').reply(200, { id: '7', email: 'bot@acme.example' });
    await runEpi('auth login --with-token --profile ci', { token: null, stdin: makeToken({ org_id: '42', 'custom:ivy_org_id': undefined }), configDir: dir });
    // An API token that has since expired, written as a previous run would have left it.
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    file.profiles.ci.token = api;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file), { mode: 0o600 });
    await runEpi('config set env staging --profile ci', { token: null, configDir: dir });

    const r = await runEpi('auth list --json', { token: null, configDir: dir, env: { EPILOT_PROFILE: 'ci' }, now });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toEqual([
      { profile: 'default', active: false, selected_by: null, env: 'prod', org_id: '739224', email: 'admin@acme.example', token_kind: 'cognito-user', expires_at: '2026-11-25T12:52:00.000Z', expires: 'in 52 min', token_source: 'profile', stored: true },
      { profile: 'ci', active: true, selected_by: 'EPILOT_PROFILE', env: 'staging', org_id: '42', email: 'bot@acme.example', token_kind: 'api-access', expires_at: '2026-11-22T12:00:00.000Z', expires: 'expired 3 days ago', token_source: 'profile', stored: true },
    ]);
    expect(r.stderr).toContain('* "ci" is the profile a command uses now (named by EPILOT_PROFILE).');
    expect(r.stdout + r.stderr).not.toContain(user);
    expect(r.stdout + r.stderr).not.toContain(api);
  });

  it('shows that EPILOT_TOKEN wins for the active profile, in a table on a terminal', async () => {
    const dir = tempConfigDir();
    await loginAs(dir, 'work');
    const r = await runEpi('auth list --profile work', { configDir: dir, tty: true, env: { NO_COLOR: '1', COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\s+work\s+prod\s+739224\s+admin@acme\.example\s+Cognito user token\s+in (59 min|1 hour)\s+EPILOT_TOKEN/);
    expect(r.stderr).toContain('(named by --profile), with the token from EPILOT_TOKEN.');
    expect(r.stdout).not.toContain(TOKEN);
  });
});

describe('replacing a stored token of another organization', () => {
  const OTHER = makeToken({ 'custom:ivy_org_id': '999', email: 'prod@acme.example' });
  async function sandbox(): Promise<string> {
    const dir = tempConfigDir();
    await loginAs(dir, 'sandbox');
    return dir;
  }

  it('without a terminal and without --yes: exit 2, the stored token kept', async () => {
    const dir = await sandbox();
    nock(USER_API).get('/v2/users/me').reply(200, { ...ME, organization_id: '999' });
    const r = await runEpi('auth login --with-token --profile sandbox', { token: null, stdin: OTHER, configDir: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Profile "sandbox" holds a token for organization 739224. Replace it with a token for organization 999?');
    expect(r.stderr).toContain('--yes');
    expect(stored(dir).profiles.sandbox.token).toBe(TOKEN);
  });

  it('asks on a terminal; "no" keeps the stored token', async () => {
    const dir = await sandbox();
    nock(USER_API).get('/v2/users/me').reply(200, { ...ME, organization_id: '999' });
    const asked: string[] = [];
    const r = await runEpi('auth login --profile sandbox --no-browser', {
      token: null,
      tty: true,
      configDir: dir,
      prompter: { secret: async () => OTHER, confirm: async (m) => (asked.push(m), false) },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cancelled; nothing was changed.');
    expect(asked).toHaveLength(1);
    expect(stored(dir).profiles.sandbox.token).toBe(TOKEN);
  });

  it('--yes replaces it; the same organization never asks', async () => {
    const dir = await sandbox();
    nock(USER_API).get('/v2/users/me').reply(200, { ...ME, organization_id: '999' });
    const r = await runEpi('auth login --with-token --profile sandbox --yes', { token: null, stdin: OTHER, configDir: dir });
    expect(r.code).toBe(0);
    expect(stored(dir).profiles.sandbox).toMatchObject({ token: OTHER, org_id: '999' });
    nock(USER_API).get('/v2/users/me').reply(200, { ...ME, organization_id: '999' });
    const again = await runEpi('auth login --with-token --profile sandbox', { token: null, stdin: OTHER, configDir: dir });
    expect(again.code).toBe(0);
  });
});
