import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { expectOwnerRefused, ownerHolders } from '../helpers/owner-guard.js';
import { runEpi, tempConfigDir } from '../helpers/run.js';

const API = 'https://user.sls.epilot.io';
const ADA = { id: '10001', organization_id: '739224', email: 'admin@acme.example', display_name: 'Ada Admin', status: 'Active', department: 'IT' };
const BEN = { id: '10002', organization_id: '739224', email: 'ben@acme.example', display_name: 'Ben Bauer', status: 'Pending' };

/** n users with ids from `from`, as one page of GET /v2/users. */
const users = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ id: String(20000 + from + i), email: `u${from + i}@acme.example`, display_name: `User ${from + i}`, status: 'Active' }));

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

/**
 * --all keeps 4 pages in flight and /v2/users reports no total, so the pages after the last one
 * are asked for too (at most 3): they answer empty.
 */
const readAheadPast = (path: string, query: Record<string, string>, offsets: number[], key = 'results') => {
  for (const offset of offsets) nock(API).get(path).query({ ...query, offset: String(offset) }).reply(200, { [key]: [] });
};

describe('epi users list', () => {
  it('prints TSV rows of id, email, name, status and department when piped', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN] });
    const r = await runEpi('users list');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('10001\tadmin@acme.example\tAda Admin\tActive\tIT\n10002\tben@acme.example\tBen Bauer\tPending\t\n');
    expect(r.stderr).toBe('');
  });

  it('prints the records unwrapped from `results` with --json, [] when empty', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN] });
    const r = await runEpi('users list --json');
    expect(JSON.parse(r.stdout)).toEqual([ADA, BEN]);
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [] });
    const empty = await runEpi('users list --json');
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });

  it('keeps only the requested fields and rejects unknown ones with the documented list', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN] });
    const r = await runEpi('users list --json id,email');
    expect(JSON.parse(r.stdout)).toEqual([
      { id: '10001', email: 'admin@acme.example' },
      { id: '10002', email: 'ben@acme.example' },
    ]);
    // Checked against the documented fields before any request is sent.
    const bad = await runEpi('users list --all --json id,mail');
    expect(bad.code).toBe(2);
    expect(bad.requests).toEqual([]);
    expect(JSON.parse(bad.stderr).error.hint).toMatch(/Available fields: .*custom_start_page.*email/);
  });

  it('draws a table on a terminal', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA] });
    const r = await runEpi('users list', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^ID\s+Email\s+Name\s+Status\s+Department/m);
    expect(r.stdout).toMatch(/^10001\s+admin@acme\.example\s+Ada Admin\s+Active\s+IT/m);
  });

  it('sends --query, and no query parameter at all for an empty one', async () => {
    nock(API).get('/v2/users').query({ query: 'ada', limit: '50' }).reply(200, { results: [ADA] });
    const r = await runEpi(['users', 'list', '--query', 'ada', '--json', 'id']);
    expect(JSON.parse(r.stdout)).toEqual([{ id: '10001' }]);
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [] });
    const empty = await runEpi(['users', 'list', '--query', '']);
    expect(queryOf(empty.requests[0]!.url)).toEqual({ limit: '50' });
  });

  it('stops at --limit across pages and warns on stderr that more may exist', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: users(50) });
    nock(API).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: users(50, 50) });
    nock(API).get('/v2/users').query({ limit: '20', offset: '100' }).reply(200, { results: users(20, 100) });
    const r = await runEpi('users list --limit 120 --json id');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(120);
    expect(r.stderr).toBe('warning: Stopped at --limit 120; more records may exist. Use --all for every record, or --limit <n>.\n');
  });

  it('asks for no more than --limit and does not warn when the list ends first', async () => {
    nock(API).get('/v2/users').query({ limit: '10' }).reply(200, { results: [ADA, BEN] });
    const r = await runEpi('users list --limit 10 --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: '10001' }, { id: '10002' }]);
    expect(r.stderr).toBe('');
  });

  it('--all follows limit/offset over three pages to a short page and prints one array', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: users(50) });
    nock(API).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: users(50, 50) });
    nock(API).get('/v2/users').query({ limit: '50', offset: '100' }).reply(200, { results: users(7, 100) });
    readAheadPast('/v2/users', { limit: '50' }, [150, 200, 250]);
    const r = await runEpi('users list --all --json id');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => Number(queryOf(q.url).offset ?? 0)).sort((a, b) => a - b)).toEqual([0, 50, 100, 150, 200, 250]);
    const ids = (JSON.parse(r.stdout) as Array<{ id: string }>).map((u) => u.id);
    expect(ids).toHaveLength(107);
    expect(new Set(ids).size).toBe(107);
    expect(r.stderr).toBe('');
  });

  it('--all ends on an empty page when the last full page was exactly full', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: users(50) });
    nock(API).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: [] });
    readAheadPast('/v2/users', { limit: '50' }, [100, 150, 200]);
    const r = await runEpi('users list --all --json id');
    expect(JSON.parse(r.stdout)).toHaveLength(50);
    expect(r.requests.some((q) => new URL(q.url).searchParams.get('offset') === '0')).toBe(false);
  });

  it('--ndjson streams one record per line, fields applied', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: users(50) });
    nock(API).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: users(3, 50) });
    readAheadPast('/v2/users', { limit: '50' }, [100, 150, 200]);
    const r = await runEpi('users list --all --ndjson --json id,email');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(53);
    expect(JSON.parse(lines[0]!)).toEqual({ id: '20000', email: 'u0@acme.example' });
    expect(JSON.parse(lines[52]!)).toEqual({ id: '20052', email: 'u52@acme.example' });
  });

  it('lists several organizations through GET /v1/users with one comma-separated org_ids', async () => {
    const v1 = { id: '10001', organization_id: '911', email: 'ada@other.example', name: 'Ada', display_name: 'Ada', preferred_language: 'de', roles: ['911:owner', '911:admin'], properties: [] };
    nock(API).get('/v1/users').query({ org_ids: '739224,911,912', limit: '50' }).reply(200, { users: [v1] });
    const r = await runEpi('users list --in-org 739224 --in-org 911,912');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('10001\t911\tada@other.example\tAda\t911:owner,911:admin\n');
    nock(API).get('/v1/users').query({ org_ids: '911', query: 'ada', limit: '50', offset: '50' }).reply(200, { users: [] });
    readAheadPast('/v1/users', { org_ids: '911', query: 'ada', limit: '50' }, [100, 150, 200], 'users');
    nock(API).get('/v1/users').query({ org_ids: '911', query: 'ada', limit: '50' }).reply(200, { users: Array.from({ length: 50 }, (_, i) => ({ ...v1, id: String(10001 + i) })) });
    const all = await runEpi('users list --in-org 911 --query ada --all --json roles');
    expect(JSON.parse(all.stdout)).toHaveLength(50);
    expect(JSON.parse(all.stdout)[0]).toEqual({ roles: ['911:owner', '911:admin'] });
  });

  it('maps 401 to exit 4, 403 to exit 4 and 500 to exit 1', async () => {
    nock(API).get('/v2/users').query(true).reply(401, { message: 'Unauthorized' });
    const unauthorized = await runEpi('users list');
    expect(unauthorized.code).toBe(4);
    expect(unauthorized.stderr).toContain('Set EPILOT_TOKEN to a fresh token');
    nock(API).get('/v2/users').query(true).reply(403, { message: 'Forbidden' });
    expect((await runEpi('users list')).code).toBe(4);
    nock(API).get('/v2/users').query(true).reply(500, { message: 'boom' });
    const failed = await runEpi('users list --max-retries 0 --json');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(JSON.parse(failed.stderr).error).toMatchObject({ status: 500, server_message: 'boom' });
  });
});

describe('epi users get', () => {
  it('shows one user by id: key<TAB>value when piped, an object with --json', async () => {
    nock(API).get('/v2/users/10001').reply(200, ADA);
    const r = await runEpi('users get 10001');
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['ID\t10001', 'Email\tadmin@acme.example', 'Status\tActive', 'Department\tIT']));
    nock(API).get('/v2/users/10001').reply(200, ADA);
    const json = await runEpi('users get 10001 --json id,status');
    expect(JSON.parse(json.stdout)).toEqual({ id: '10001', status: 'Active' });
  });

  it('resolves an email through the list query, matching the whole address in any case', async () => {
    const ann = { id: '10007', email: 'Ann@Acme.example', display_name: 'Ann', status: 'Active' };
    nock(API)
      .get('/v2/users')
      .query({ query: 'ann@acme.example', limit: '50' })
      .reply(200, { results: [{ id: '10006', email: 'joann@acme.example' }, ann] });
    const r = await runEpi('users get ann@acme.example --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(ann);
    expect(r.requests).toHaveLength(1);
  });

  it('exits 3 with a hint when no user has that email', async () => {
    nock(API).get('/v2/users').query({ query: 'nobody@acme.example', limit: '50' }).reply(200, { results: [{ id: '1', email: 'somebody@acme.example' }] });
    const r = await runEpi('users get nobody@acme.example');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No user with email "nobody@acme.example"');
    expect(r.stderr).toContain('epi users list --query');
    expect(r.stdout).toBe('');
  });

  it('exits 3 for an unknown id and 4 on 401', async () => {
    nock(API).get('/v2/users/999').reply(404, { message: 'User not found' });
    const missing = await runEpi('users get 999');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('User not found');
    nock(API).get('/v2/users/999').reply(401, { message: 'Unauthorized' });
    expect((await runEpi('users get 999')).code).toBe(4);
  });

  it('encodes the id as one path segment', async () => {
    nock(API).get('/v2/users/a%2Fb').reply(200, { id: 'a/b' });
    const r = await runEpi(['users', 'get', 'a/b', '--json', 'id']);
    expect(JSON.parse(r.stdout)).toEqual({ id: 'a/b' });
  });
});

describe('epi users update', () => {
  it('PATCHes only the given fields and prints the updated user', async () => {
    nock(API)
      .patch('/v2/users/10001', { display_name: 'Ada Lovelace', department: 'R&D', preferred_language: 'en', custom_start_page: '/app/dashboard' })
      .reply(200, { ...ADA, display_name: 'Ada Lovelace', department: 'R&D' });
    const r = await runEpi(['users', 'update', '10001', '--display-name', 'Ada Lovelace', '--department', 'R&D', '--preferred-language', 'en', '--custom-start-page', '/app/dashboard', '--json', 'display_name,department']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ display_name: 'Ada Lovelace', department: 'R&D' });
  });

  it('clears nullable fields with an empty value', async () => {
    nock(API).patch('/v2/users/10001', { phone: null, secondary_phone: '+49 221 2', signature: null }).reply(200, ADA);
    const r = await runEpi(['users', 'update', '10001', '--phone', '', '--secondary-phone', '+49 221 2', '--signature', '']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Email\tadmin@acme.example');
  });

  it('fails with exit 2 naming the flags when nothing is given, and sends nothing', async () => {
    const r = await runEpi('users update 10001');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Nothing to update');
    expect(r.stderr).toContain('--display-name, --department, --phone, --secondary-phone, --preferred-language, --signature, --custom-start-page');
    expect(r.requests).toEqual([]);
  });

  it('validates before sending: start page outside the app, empty display name', async () => {
    const page = await runEpi('users update 10001 --custom-start-page /settings');
    expect(page.code).toBe(2);
    expect(page.stderr).toContain('--custom-start-page "/settings"');
    const name = await runEpi(['users', 'update', '10001', '--display-name', ' ']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('--display-name cannot be empty');
    expect([...page.requests, ...name.requests]).toEqual([]);
  });

  it('sends a whole body from --from-file, and refuses it together with field flags', async () => {
    const file = join(tempConfigDir(), 'user.json');
    writeFileSync(file, JSON.stringify({ display_name: 'Ada', is_signature_enabled: true }));
    nock(API).patch('/v2/users/10001', { display_name: 'Ada', is_signature_enabled: true }).reply(200, ADA);
    const r = await runEpi(['users', 'update', '10001', '--from-file', file, '--json', 'id']);
    expect(JSON.parse(r.stdout)).toEqual({ id: '10001' });
    const both = await runEpi(['users', 'update', '10001', '--from-file', file, '--department', 'X']);
    expect(both.code).toBe(2);
    expect(both.requests).toEqual([]);
  });

  it('finds the user by email first', async () => {
    nock(API).get('/v2/users').query({ query: 'ben@acme.example', limit: '50' }).reply(200, { results: [BEN] });
    nock(API).patch('/v2/users/10002', { department: 'Sales' }).reply(200, { ...BEN, department: 'Sales' });
    const r = await runEpi('users update ben@acme.example --department Sales --json department');
    expect(JSON.parse(r.stdout)).toEqual({ department: 'Sales' });
  });

  it('prints the PATCH under --dry-run without a token or a request', async () => {
    const r = await runEpi('users update 10001 --department Ops --dry-run', { token: null });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PATCH', url: `${API}/v2/users/10001`, body: { department: 'Ops' } });
  });

  it('exits 3 for an unknown user and 1 on a server error', async () => {
    nock(API).patch('/v2/users/999').reply(404, { message: 'User not found' });
    expect((await runEpi('users update 999 --department X')).code).toBe(3);
    nock(API).patch('/v2/users/999').reply(500, { message: 'boom' });
    expect((await runEpi('users update 999 --department X --max-retries 0')).code).toBe(1);
  });
});

describe('epi users delete', () => {
  const PERMS = 'https://permissions.sls.epilot.io';
  /** The read of the user's roles that tells whether they hold the owner role. */
  const rolesOf = (id: string, roles: string[]) => nock(PERMS).get(`/v1/permissions/assignments/${id}`).reply(200, roles);

  it('refuses without a terminal and without --yes, sending nothing', async () => {
    const r = await runEpi('users delete 10002');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('asks on a terminal and deletes when confirmed', async () => {
    let asked = '';
    rolesOf('10002', ['739224:sales']);
    nock(API).delete('/v2/users/10002').reply(200, { id: '10002', organization_id: '739224', email: 'ben@acme.example', name: 'Ben', preferred_language: 'de', roles: [], properties: [] });
    const r = await runEpi('users delete 10002', { tty: true, prompter: { confirm: async (q) => ((asked = q), true) } });
    expect(r.code).toBe(0);
    expect(asked).toContain('Delete user 10002?');
    expect(r.stderr).toBe('Deleted user 10002.\n');
    expect(r.stdout).toBe('');
  });

  it('sends no DELETE and exits 1 with Cancelled when the answer is no', async () => {
    rolesOf('10002', []);
    const r = await runEpi('users delete 10002', { tty: true, prompter: { confirm: async () => false } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Cancelled; nothing was changed.\n');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('--yes deletes by email after looking the id up, and --json reports it', async () => {
    nock(API).get('/v2/users').query({ query: 'ben@acme.example', limit: '50' }).reply(200, { results: [BEN] });
    rolesOf('10002', []);
    nock(API).delete('/v2/users/10002').reply(200, {});
    const r = await runEpi('users delete ben@acme.example --yes --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '10002', deleted: true });
    expect(r.stderr).toContain('Deleted user ben@acme.example (id 10002).');
  });

  it('prints the DELETE under --dry-run, after reading the user\'s roles, and sends nothing else', async () => {
    rolesOf('10002', ['739224:sales']);
    const r = await runEpi('users delete 10002 --dry-run');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => `${q.method} ${new URL(q.url).pathname}`)).toEqual(['GET /v1/permissions/assignments/10002']);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'DELETE', url: `${API}/v2/users/10002`, body: null });
  });

  it('exits 3 when the user does not exist', async () => {
    nock(PERMS).get('/v1/permissions/assignments/999').reply(404, { message: 'User not found' });
    const r = await runEpi('users delete 999 --yes');
    expect(r.code).toBe(3);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('refuses to delete the last holder of the owner role (exit 2, no DELETE), under --dry-run too', async () => {
    for (const flag of ['--yes', '--dry-run']) {
      nock(API).get('/v2/users').query({ query: 'ben@acme.example', limit: '50' }).reply(200, { results: [BEN] });
      rolesOf('10002', ['739224:owner', '739224:sales']);
      ownerHolders([
        { user_id: '10001', roles: ['739224:sales'] },
        { user_id: '10002', roles: ['739224:owner', '739224:sales'] },
      ]);
      expectOwnerRefused(await runEpi(['users', 'delete', 'ben@acme.example', flag]), ['ben@acme.example (10002)']);
    }
  });

  it('deletes an owner while another owner remains', async () => {
    rolesOf('10002', ['739224:owner']);
    ownerHolders([
      { user_id: '10001', roles: ['739224:owner'] },
      { user_id: '10002', roles: ['739224:owner'] },
    ]);
    nock(API).delete('/v2/users/10002').reply(200, {});
    const r = await runEpi('users delete 10002 --yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('Deleted user 10002.\n');
  });

  it('--force deletes the last owner without reading any roles', async () => {
    nock(API).delete('/v2/users/10002').reply(200, {});
    const r = await runEpi('users delete 10002 --yes --force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['DELETE']);
  });
});

describe('epi users resend-invite / reset-password', () => {
  it('resends the invitation with the language and says so on stderr', async () => {
    nock(API).post('/v2/users/invite:resendEmail', { email: 'ben@acme.example', language: 'de' }).reply(200, BEN);
    const r = await runEpi('users resend-invite --email ben@acme.example --language de');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Sent the invitation to ben@acme.example again.\n');
    expect(r.stdout).toBe('');
    nock(API).post('/v2/users/invite:resendEmail', { email: 'ben@acme.example' }).reply(200, BEN);
    const json = await runEpi('users resend-invite --email ben@acme.example --json id,status');
    expect(JSON.parse(json.stdout)).toEqual({ id: '10002', status: 'Pending' });
  });

  it('validates the email and language before sending, and needs --email without a terminal', async () => {
    const bad = await runEpi('users resend-invite --email ben');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email "ben" is not a valid email address');
    const lang = await runEpi('users resend-invite --email ben@acme.example --language fr');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--language "fr" is not one of: en, de');
    const missing = await runEpi('users reset-password');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --email');
    expect([...bad.requests, ...lang.requests, ...missing.requests]).toEqual([]);
  });

  it('prompts for the email on a terminal', async () => {
    nock(API).post('/v2/users:sendPasswordReset', { email: 'ben@acme.example' }).reply(200, { success: true });
    const r = await runEpi('users reset-password', { tty: true, prompter: { input: async () => 'ben@acme.example' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Sent a password reset email to ben@acme.example.\n');
  });

  it('reports the API answer with --json and maps 403 to exit 4', async () => {
    nock(API).post('/v2/users:sendPasswordReset', { email: 'ben@acme.example' }).reply(200, { success: true });
    const r = await runEpi('users reset-password --email ben@acme.example --json');
    expect(JSON.parse(r.stdout)).toEqual({ success: true });
    nock(API).post('/v2/users:sendPasswordReset').reply(403, { message: "Not permitted to reset this user's password" });
    const denied = await runEpi('users reset-password --email ben@acme.example');
    expect(denied.code).toBe(4);
    expect(denied.stderr).toContain('Not permitted');
  });

  it('surfaces the 400 of an unknown user with exit 1', async () => {
    nock(API).post('/v2/users/invite:resendEmail').reply(400, { message: 'User not found.' });
    const r = await runEpi('users resend-invite --email ghost@acme.example');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('User not found.');
    expect(r.requests).toHaveLength(1);
  });

  it('prints both POSTs under --dry-run and sends nothing', async () => {
    const resend = await runEpi('users resend-invite --email ben@acme.example --dry-run', { token: null });
    expect(JSON.parse(resend.stdout)).toMatchObject({ method: 'POST', url: `${API}/v2/users/invite:resendEmail`, body: { email: 'ben@acme.example' } });
    const reset = await runEpi('users reset-password --email ben@acme.example --dry-run', { token: null });
    expect(JSON.parse(reset.stdout)).toMatchObject({ method: 'POST', url: `${API}/v2/users:sendPasswordReset`, body: { email: 'ben@acme.example' } });
    expect(resend.stderr + reset.stderr).toBe('');
    expect([...resend.requests, ...reset.requests]).toEqual([]);
  });
});

describe('epi users groups', () => {
  const FINANCE = { id: 'g1', org_id: '739224', name: 'Finance', created_at: '2024-02-08T04:44:32.246Z', updated_at: '2024-02-09T04:44:32.246Z', users: [{ id: '10001' }, { id: '10002' }] };

  it('lists the groups of a user: TSV rows, a JSON array, [] when none', async () => {
    nock(API).get('/v2/users/10001/groups').reply(200, [FINANCE]);
    const r = await runEpi('users groups 10001');
    expect(r.stdout).toBe('g1\tFinance\t\t2\t\n');
    nock(API).get('/v2/users/10001/groups').reply(200, [FINANCE]);
    const json = await runEpi('users groups 10001 --json id,name');
    expect(JSON.parse(json.stdout)).toEqual([{ id: 'g1', name: 'Finance' }]);
    nock(API).get('/v2/users/10001/groups').reply(200, []);
    expect(JSON.parse((await runEpi('users groups 10001 --json')).stdout)).toEqual([]);
  });

  it('fails on a `groups` envelope, which the spec does not have, instead of printing an empty list', async () => {
    nock(API).get('/v2/users/10001/groups').reply(200, { groups: [FINANCE] });
    const r = await runEpi('users groups 10001 --json id');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Unexpected response from GET /v2/users/10001/groups: expected an array of groups, got an object');
    expect(r.stderr).toContain('--debug');
  });

  it('takes an email, and exits 3 for an unknown user', async () => {
    nock(API).get('/v2/users').query({ query: 'admin@acme.example', limit: '50' }).reply(200, { results: [ADA] });
    nock(API).get('/v2/users/10001/groups').reply(200, [FINANCE]);
    const r = await runEpi('users groups admin@acme.example --json name');
    expect(JSON.parse(r.stdout)).toEqual([{ name: 'Finance' }]);
    nock(API).get('/v2/users/999/groups').reply(404, { message: 'User not found' });
    expect((await runEpi('users groups 999')).code).toBe(3);
  });
});
