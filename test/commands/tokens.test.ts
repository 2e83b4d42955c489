import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';
import { makeToken } from '../helpers/token.js';

const TOKENS_API = 'https://access-token.sls.epilot.io';
const USER_API = 'https://user.sls.epilot.io';
const PERMISSIONS_API = 'https://permissions.sls.epilot.io';

const NOW = Math.floor(Date.now() / 1000);
const item = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, name, created_at: '2026-11-01T10:00:00.000Z', token_type: 'api', ...extra });
const apiToken = (lifetime = 30 * 86_400) => makeToken({ token_type: 'api', 'cognito:username': undefined, iat: NOW, exp: NOW + lifetime });
const ME = { id: '10001', email: 'admin@acme.example', organization_id: '739224' };
const ROLES = {
  roles: [
    { id: '739224:deployer', slug: 'deployer', name: 'Deployer', type: 'user_role', organization_id: '739224', grants: [] },
    { id: '739224:viewer', slug: 'viewer', name: 'Viewer', type: 'user_role', organization_id: '739224', grants: [] },
  ],
};

function configWith(profiles: Record<string, Record<string, string>>): string {
  const dir = tempConfigDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles }), { mode: 0o600 });
  return dir;
}
const readProfiles = (dir: string) => (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, string>> }).profiles;

describe('epi tokens list', () => {
  it('prints id, name, type, created, last used and expiry as TSV', async () => {
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_1', 'CI deploy', { last_used: '2026-11-20' }), item('api_2', 'Postman')]);
    const r = await runEpi('tokens list');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('api_1\tCI deploy\tapi\t2026-11-01T10:00:00.000Z\t2026-11-20\t\napi_2\tPostman\tapi\t2026-11-01T10:00:00.000Z\t\t\n');
    expect(r.stderr).toBe('');
  });

  it('shows the expiry of a token epi stored in a profile, and prints an array under --json', async () => {
    const token = apiToken(3600);
    const dir = configWith({ ci: { token, token_id: 'api_1' } });
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_1', 'CI deploy'), item('api_2', 'Postman')]);
    const r = await runEpi('tokens list --json id,expires_at', { configDir: dir });
    expect(JSON.parse(r.stdout)).toEqual([
      { id: 'api_1', expires_at: new Date((NOW + 3600) * 1000).toISOString() },
      { id: 'api_2', expires_at: null },
    ]);
  });

  it('pages the whole list with --limit, warning about the rest', async () => {
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('a', 'A'), item('b', 'B'), item('c', 'C')]);
    const r = await runEpi('tokens list --limit 2 --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(r.stderr).toContain('Showing 2 of 3 records');
  });

  it('fails naming the operation when the API sends something other than a list', async () => {
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, { tokens: [] });
    const r = await runEpi('tokens list');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unexpected response from GET /v1/access-tokens: expected an array of access tokens');
  });

  it('maps 401 to exit 4', async () => {
    nock(TOKENS_API).get('/v1/access-tokens').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('tokens list');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('401');
  });
});

describe('epi tokens create', () => {
  it('prints the token once on a terminal, with a warning that it cannot be shown again', async () => {
    const token = apiToken();
    nock(TOKENS_API).post('/v1/access-tokens', { name: 'Postman', expires_in: 43_200 }).reply(201, { ...item('api_9', 'Postman'), token });
    const r = await runEpi(['tokens', 'create', '--name', 'Postman', '--expires-in', '12h'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${token}\n`);
    expect(r.stderr).toContain('Created token api_9 ("Postman"). Copy it now: it cannot be shown again.');
  });

  it('resolves --role slugs and names to ids and sends a long lifetime in the string form', async () => {
    const token = apiToken();
    nock(PERMISSIONS_API).get('/v1/permissions/roles').reply(200, ROLES);
    nock(TOKENS_API)
      .post('/v1/access-tokens', { name: 'CI', assignments: ['739224:deployer', '739224:viewer'], expires_in: '30d' })
      .reply(201, { ...item('api_9', 'CI'), token });
    const r = await runEpi(['tokens', 'create', '--name', 'CI', '--role', 'deployer', '--role', 'Viewer', '--expires-in', '30d', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'api_9', token });
  });

  it('stores the token with its id in --save-profile after checking it, and never prints it', async () => {
    const token = apiToken();
    const dir = tempConfigDir();
    nock(TOKENS_API).post('/v1/access-tokens', { name: 'CI' }).reply(201, { ...item('api_9', 'CI'), token });
    nock(USER_API).get('/v2/users/me').matchHeader('authorization', `Bearer ${token}`).reply(200, ME);
    const r = await runEpi('tokens create --name CI --save-profile ci', { configDir: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(token);
    expect(r.stderr).toContain('stored it in profile "ci"; it was not printed');
    expect(readProfiles(dir).ci).toEqual({ token, token_id: 'api_9', email: 'admin@acme.example', org_id: '739224', user_id: '10001' });
  });

  it('revokes a new token that fails its check, stores nothing, and says so', async () => {
    const token = apiToken();
    const dir = tempConfigDir();
    nock(TOKENS_API).post('/v1/access-tokens').reply(201, { ...item('api_9', 'CI'), token });
    nock(USER_API).get('/v2/users/me').reply(401, { message: 'Unauthorized' });
    nock(TOKENS_API).delete('/v1/access-tokens/api_9').reply(200, item('api_9', 'CI'));
    const r = await runEpi('tokens create --name CI --save-profile ci', { configDir: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('New token api_9 failed while checking it with GET /v2/users/me');
    expect(r.stderr).toContain('Token api_9 was revoked again');
    expect(r.stderr).toContain('No profile was changed.');
    expect(r.stdout).toBe('');
  });

  it.each([
    ['--expires-in', ['--expires-in', 'soon'], '--expires-in "soon" is not a duration'],
    ['--expires-in below 30 s', ['--expires-in', '10'], '--expires-in must be at least 30 seconds'],
    ['--save-profile name', ['--save-profile', '__proto__'], 'Invalid profile name "__proto__" (--save-profile)'],
  ])('rejects a bad %s with exit 2 before sending', async (_label, flags, message) => {
    const r = await runEpi(['tokens', 'create', '--name', 'CI', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('rejects an unknown role with exit 2, naming it, and creates nothing', async () => {
    nock(PERMISSIONS_API).get('/v1/permissions/roles').reply(200, ROLES);
    const r = await runEpi('tokens create --name CI --role deploy');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deploy');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('refuses --read-only, which the API does not have, before sending', async () => {
    const r = await runEpi('tokens create --name CI --read-only');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The Access Token API has no read-only tokens');
    expect(r.requests).toEqual([]);
  });

  it('needs --name without a terminal', async () => {
    const r = await runEpi('tokens create');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing --name');
  });

  it('prints the planned request under --dry-run and sends nothing', async () => {
    const r = await runEpi('tokens create --name CI --expires-in 3600 --dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${TOKENS_API}/v1/access-tokens`, body: { name: 'CI', expires_in: 3600 } });
    expect(JSON.parse(r.stdout).body).not.toHaveProperty('token_type');
    expect(r.requests).toEqual([]);
  });
});

describe('epi tokens revoke', () => {
  it('asks first, then revokes', async () => {
    nock(TOKENS_API).delete('/v1/access-tokens/api_2').reply(200, item('api_2', 'Postman'));
    let asked = '';
    const r = await runEpi('tokens revoke api_2', { tty: true, prompter: { confirm: async (q) => ((asked = q), true) } });
    expect(r.code).toBe(0);
    expect(asked).toContain('Revoke access token api_2?');
    expect(r.stderr).toContain('Revoked token api_2 ("Postman").');
  });

  it('needs --yes without a terminal', async () => {
    const r = await runEpi('tokens revoke api_2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
  });

  it('refuses to revoke the token this command is using unless --force', async () => {
    const token = apiToken();
    const dir = configWith({ ci: { token, token_id: 'api_1' } });
    const refused = await runEpi('--profile ci tokens revoke api_1 --yes', { configDir: dir, token: null });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Token api_1 is the one this command is using (profile "ci")');
    expect(refused.stderr).toContain('--force');
    expect(refused.requests).toEqual([]);

    nock(TOKENS_API).delete('/v1/access-tokens/api_1').reply(200, item('api_1', 'CI'));
    const forced = await runEpi('--profile ci tokens revoke api_1 --yes --force', { configDir: dir, token: null });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Profile "ci" no longer holds a token.');
    expect(readProfiles(dir).ci).toBeUndefined();
  });

  it('exits 3 for a token that does not exist', async () => {
    nock(TOKENS_API).delete('/v1/access-tokens/nope').reply(404, { message: 'Not found' });
    const r = await runEpi('tokens revoke nope --yes');
    expect(r.code).toBe(3);
  });
});

describe('epi tokens rotate', () => {
  const OLD = apiToken(7 * 86_400);
  const NEW = apiToken(7 * 86_400).replace(/.$/, 'x');

  it('creates a token with the same name, roles and lifetime, checks and stores it, then revokes the old one', async () => {
    const dir = configWith({ ci: { token: OLD, token_id: 'api_1' } });
    const order: string[] = [];
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_1', 'CI deploy', { assignments: ['739224:deployer'] })]);
    nock(TOKENS_API)
      .post('/v1/access-tokens', { name: 'CI deploy', assignments: ['739224:deployer'], expires_in: 604_800 })
      .reply(201, () => (order.push('create'), { ...item('api_2', 'CI deploy'), token: NEW }));
    nock(USER_API).get('/v2/users/me').matchHeader('authorization', `Bearer ${NEW}`).reply(200, () => (order.push('check'), ME));
    nock(TOKENS_API).delete('/v1/access-tokens/api_1').reply(200, () => {
      order.push(`revoke with profile holding ${readProfiles(dir).ci!.token_id}`);
      return item('api_1', 'CI deploy');
    });
    const r = await runEpi('tokens rotate --profile ci --json', { configDir: dir, token: null });
    expect(r.code).toBe(0);
    expect(order).toEqual(['create', 'check', 'revoke with profile holding api_2']);
    expect(readProfiles(dir).ci).toEqual({ token: NEW, token_id: 'api_2', email: 'admin@acme.example', org_id: '739224', user_id: '10001' });
    expect(JSON.parse(r.stdout)).toEqual({ profile: 'ci', id: 'api_2', name: 'CI deploy', revoked: 'api_1' });
    expect(r.stderr).toContain('Rotated profile "ci": new token api_2 is stored and checked; old token api_1 is revoked.');
  });

  it('keeps the new token and says exactly what happened when revoking the old one fails', async () => {
    const dir = configWith({ ci: { token: OLD, token_id: 'api_1' } });
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_1', 'CI deploy')]);
    nock(TOKENS_API).post('/v1/access-tokens').reply(201, { ...item('api_2', 'CI deploy'), token: NEW });
    nock(USER_API).get('/v2/users/me').reply(200, ME);
    nock(TOKENS_API).delete('/v1/access-tokens/api_1').reply(500, { message: 'boom' });
    const r = await runEpi('tokens rotate --profile ci', { configDir: dir, token: null });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Profile "ci" now holds the new token api_2 (checked), but revoking the old token api_1 failed');
    expect(r.stderr).toContain('epi tokens revoke api_1 --yes');
    expect(readProfiles(dir).ci!.token_id).toBe('api_2');
  });

  it('keeps the old token when the new one fails its check, and revokes the new one', async () => {
    const dir = configWith({ ci: { token: OLD, token_id: 'api_1' } });
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_1', 'CI deploy')]);
    nock(TOKENS_API).post('/v1/access-tokens').reply(201, { ...item('api_2', 'CI deploy'), token: NEW });
    nock(USER_API).get('/v2/users/me').reply(403, { message: 'Forbidden' });
    nock(TOKENS_API).delete('/v1/access-tokens/api_2').reply(200, item('api_2', 'CI deploy'));
    const r = await runEpi('tokens rotate --profile ci', { configDir: dir, token: null });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('New token api_2 failed while checking it with GET /v2/users/me');
    expect(r.stderr).toContain('Token api_2 was revoked again');
    expect(r.stderr).toContain('Profile "ci" still holds the old token api_1, which was not revoked.');
    expect(readProfiles(dir).ci).toEqual({ token: OLD, token_id: 'api_1' });
  });

  it('--dry-run shows the plan and the two planned changes, and changes nothing', async () => {
    const dir = configWith({ ci: { token: OLD, token_id: 'api_1' } });
    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_1', 'CI deploy')]);
    const r = await runEpi('tokens rotate --profile ci --dry-run', { configDir: dir, token: null });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Plan for profile "ci":');
    expect(r.stderr).toContain('create token "CI deploy" (roles: your own roles; lifetime: 7d)');
    expect(r.stderr).toContain('revoke the old token api_1');
    const plans = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { method: string; url: string });
    expect(plans.map((p) => `${p.method} ${p.url}`)).toEqual([`POST ${TOKENS_API}/v1/access-tokens`, `DELETE ${TOKENS_API}/v1/access-tokens/api_1`]);
    expect(readProfiles(dir).ci).toEqual({ token: OLD, token_id: 'api_1' });
  });

  it('needs --revoke <id> for a token epi did not create, and checks it exists', async () => {
    const dir = configWith({ ci: { token: OLD } });
    const r = await runEpi('tokens rotate --profile ci', { configDir: dir, token: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('epi does not know the id of the token in profile "ci"');
    expect(r.stderr).toContain('--revoke <id>');

    nock(TOKENS_API).get('/v1/access-tokens').reply(200, [item('api_7', 'Other')]);
    const missing = await runEpi('tokens rotate --profile ci --revoke api_1', { configDir: dir, token: null });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Token api_1 of profile "ci" is not among your access tokens');
  });

  it('refuses a profile without a token', async () => {
    const r = await runEpi('tokens rotate --profile ci', { configDir: configWith({ ci: { env: 'staging' } }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Profile "ci" holds no token to rotate.');
  });
});
