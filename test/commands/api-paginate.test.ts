import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const USER_API = 'https://user.sls.epilot.io';
const PERMISSIONS_API = 'https://permissions.sls.epilot.io';
const PARTNER_API = 'https://partner-directory-api.sls.epilot.io';
const AUDIT_API = 'https://audit-logs.sls.epilot.io';

const users = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: String(from + i), email: `u${from + i}@acme.example` }));
const ids = (stdout: string) => (JSON.parse(stdout) as Array<{ id: string }>).map((r) => r.id);

describe('epi api --paginate', () => {
  it('follows limit/offset in the query and prints one merged array (users)', async () => {
    const api = nock(USER_API);
    api.get('/v2/users').query({ query: 'acme', limit: '2' }).reply(200, { results: users(1, 2) });
    api.get('/v2/users').query({ query: 'acme', limit: '2', offset: '2' }).reply(200, { results: users(3, 1) });
    const r = await runEpi(['api', '/v2/users?query=acme&limit=2', '--paginate']);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(['1', '2', '3']);
  });

  it('stops at the total the API reports (groups)', async () => {
    const api = nock(USER_API);
    api.get('/v1/groups').query({ limit: '50' }).reply(200, { hits: 3, groups: users(1, 2) });
    api.get('/v1/groups').query({ limit: '50', offset: '2' }).reply(200, { hits: 3, groups: users(3, 1) });
    const r = await runEpi('api /v1/groups --paginate --ndjson');
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['1', '2', '3']);
  });

  it('follows from/size in the body (partner search)', async () => {
    const api = nock(PARTNER_API);
    api.post('/v1/partners/assignables:search', { q: 'jo', size: 2 }).reply(200, { hits: 3, results: users(1, 2) });
    api.post('/v1/partners/assignables:search', { q: 'jo', size: 2, from: 2 }).reply(200, { hits: 3, results: users(3, 1) });
    const r = await runEpi('api POST /v1/partners/assignables:search -f q=jo -F size=2 --paginate');
    expect(ids(r.stdout)).toEqual(['1', '2', '3']);
  });

  it('follows limit/offset in the body without a zero offset (role search)', async () => {
    const api = nock(PERMISSIONS_API);
    api.post('/v1/permissions/roles:search', { query: 'x', limit: 100 }).reply(200, { hits: 101, results: users(1, 100) });
    api.post('/v1/permissions/roles:search', { query: 'x', limit: 100, offset: 100 }).reply(200, { hits: 101, results: users(101, 1) });
    const r = await runEpi('api POST /v1/permissions/roles:search -f query=x --paginate');
    expect(ids(r.stdout)).toHaveLength(101);
  });

  it('follows limit/page in the body (audit log)', async () => {
    const api = nock(AUDIT_API);
    api.post('/v1/logs', { service_name: 'permissions', limit: 2, page: 0 }).reply(200, { total: 3, logs: users(1, 2) });
    api.post('/v1/logs', { service_name: 'permissions', limit: 2, page: 1 }).reply(200, { total: 3, logs: users(3, 1) });
    const r = await runEpi('api POST /v1/logs -f service_name=permissions -F limit=2 --paginate');
    expect(ids(r.stdout)).toEqual(['1', '2', '3']);
  });

  it('refuses an operation whose paging it does not know, with exit 2 and the ones it knows', async () => {
    const r = await runEpi('api /v1/permissions/roles --paginate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('epi api --paginate does not know how GET /v1/permissions/roles pages.');
    expect(r.stderr).toContain('POST /v1/logs (limit and page in the body)');
    expect(r.requests).toEqual([]);
  });

  it('fails when a page has no records list', async () => {
    nock(USER_API).get('/v2/users').query(true).reply(200, { users: [] });
    const r = await runEpi('api /v2/users --paginate');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('answered without a "results" list');
  });

  it('needs --paginate for --ndjson, and refuses -i with it', async () => {
    expect((await runEpi('api /v2/users --ndjson')).stderr).toContain('--ndjson prints the records of --paginate');
    const r = await runEpi('api /v2/users --paginate -i');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-i cannot be combined with --paginate');
  });

  it('plans the first page under --dry-run', async () => {
    const r = await runEpi('api POST /v1/logs -F limit=10 --paginate --dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${AUDIT_API}/v1/logs`, body: { limit: 10, page: 0 } });
    expect(r.requests).toEqual([]);
  });
});

describe('epi api routing of the new services', () => {
  it('sends /v1/access-tokens to the Access Token API and /v1/logs to the Audit Logs API', async () => {
    nock('https://access-token.sls.epilot.io').get('/v1/access-tokens').reply(200, []);
    nock(AUDIT_API).get('/v1/logs/e1').reply(200, { log: { id: 'e1' } });
    expect((await runEpi('api /v1/access-tokens')).stdout.trim()).toBe('[]');
    expect(JSON.parse((await runEpi('api /v1/logs/e1')).stdout)).toEqual({ log: { id: 'e1' } });
  });

  it('follows EPILOT_ACCESS_TOKEN_API_URL and the staging env', async () => {
    nock('https://tokens.example.test').get('/v1/access-tokens').reply(200, []);
    nock('https://audit-logs.staging.sls.epilot.io').get('/v1/logs/e1').reply(200, { log: { id: 'e1' } });
    expect((await runEpi('api /v1/access-tokens', { env: { EPILOT_ACCESS_TOKEN_API_URL: 'https://tokens.example.test' }, contract: false })).code).toBe(0);
    expect((await runEpi('api /v1/logs/e1 --env staging', { contract: false })).code).toBe(0);
  });
});
