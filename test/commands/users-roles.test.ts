import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { expectOwnerRefused, ownerHolders } from '../helpers/owner-guard.js';
import { runEpi } from '../helpers/run.js';

const PERMS = 'https://permissions.sls.epilot.io';
/** The one read of the organization's roles that resolves role references. */
const rolesRead = () =>
  nock(PERMS)
    .get('/v1/permissions/roles')
    .reply(200, { roles: [role('owner', 'Owner'), role('sales', 'Sales'), role('viewer', 'Viewer')] });
/** 10001 and 10002 both own the organization. */
const TWO_OWNERS = [
  { user_id: '10001', roles: ['739224:owner'] },
  { user_id: '10002', roles: ['739224:owner'] },
];
const role = (slug: string, name: string) => ({ id: `739224:${slug}`, name, slug, type: 'user_role', organization_id: '739224', grants: [{ action: 'entity-read' }] });

describe('epi users roles', () => {
  it('prints one role id per line when piped', async () => {
    nock(PERMS).get('/v1/permissions/assignments/10001').matchHeader('authorization', /^Bearer ey/).reply(200, ['739224:owner', '739224:sales']);
    const r = await runEpi('users roles 10001');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('739224:owner\n739224:sales\n');
  });

  it('prints the API\'s array of role ids with --json', async () => {
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:owner']);
    const r = await runEpi('users roles 10001 --json');
    expect(JSON.parse(r.stdout)).toEqual(['739224:owner']);
  });

  it('--hydrate looks all roles up in one search and shows their names', async () => {
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:owner', '739224:sales', '739224:gone']);
    nock(PERMS)
      .post('/v1/permissions/roles:search', { role_ids: ['739224:owner', '739224:sales', '739224:gone'], limit: 3 })
      .reply(200, { hits: 2, results: [role('sales', 'Sales'), role('owner', 'Owner')] });
    const r = await runEpi('users roles 10001 --hydrate');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('739224:owner\tOwner\tuser_role\t1\n739224:sales\tSales\tuser_role\t1\n739224:gone\t\t\t0\n');
    expect(r.stderr).toContain('warning: Role 739224:gone is assigned to user 10001 but was not found');
  });

  it('--hydrate --json prints the roles, and sends no search for a user without roles', async () => {
    nock(PERMS).get('/v1/permissions/assignments/10002').reply(200, []);
    const r = await runEpi('users roles 10002 --hydrate --json');
    expect(r.stdout).toBe('[]\n');
    expect(r.requests).toHaveLength(1);
  });

  it('draws a table on a terminal', async () => {
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:owner']);
    const r = await runEpi('users roles 10001', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^Role/m);
    expect(r.stdout).toMatch(/^739224:owner/m);
  });

  it('exits 3 for an unknown user, 4 on 401 and 1 on 500', async () => {
    nock(PERMS).get('/v1/permissions/assignments/404').reply(404, { message: 'User not found' });
    expect((await runEpi('users roles 404')).code).toBe(3);
    nock(PERMS).get('/v1/permissions/assignments/1').reply(401, { message: 'Unauthorized' });
    expect((await runEpi('users roles 1')).code).toBe(4);
    nock(PERMS).get('/v1/permissions/assignments/1').reply(500, { message: 'boom' });
    const failed = await runEpi('users roles 1 --max-retries 0');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('boom');
  });
});

describe('epi users set-roles', () => {
  it('refuses without --yes and without a terminal, before any request', async () => {
    const r = await runEpi('users set-roles 10001 739224:sales');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('with --yes reads, shows the difference on stderr and PUTs the full list', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:owner', '739224:viewer']);
    nock(PERMS).put('/v1/permissions/assignments/10001', ['739224:owner', '739224:sales']).reply(200, ['739224:owner', '739224:sales']);
    const r = await runEpi('users set-roles 10001 739224:owner 739224:sales --yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('+ 739224:sales\n- 739224:viewer\nUser 10001 now has 2 roles (1 added, 1 removed).\n');
    expect(r.stdout).toBe('739224:owner\n739224:sales\n');
  });

  it('on a terminal asks after reading, then proceeds on yes', async () => {
    const seen: string[] = [];
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:owner']);
    ownerHolders(TWO_OWNERS);
    nock(PERMS).put('/v1/permissions/assignments/10001', ['739224:sales']).reply(200, ['739224:sales']);
    const r = await runEpi('users set-roles 10001 739224:sales --json', { tty: true, prompter: { confirm: async (m) => (seen.push(m), true) } });
    expect(r.code).toBe(0);
    expect(seen).toEqual(['Replace the roles of user 10001?']);
    expect(JSON.parse(r.stdout)).toEqual(['739224:sales']);
  });

  it('shows the difference before the question: answering no leaves it on stderr, exit 1 and no PUT', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:viewer']);
    const r = await runEpi('users set-roles 10001 739224:sales', { tty: true, prompter: { confirm: async () => false } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('+ 739224:sales\n- 739224:viewer\nCancelled; nothing was changed.\n');
    expect(r.requests.map((q) => q.method)).toEqual(['GET', 'GET']);
  });

  it('sends nothing when the user already has exactly these roles', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, ['739224:sales', '739224:owner']);
    const r = await runEpi('users set-roles 10001 739224:owner 739224:sales 739224:owner --yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('already has exactly these roles; nothing was sent');
    expect(r.requests.map((q) => q.method)).toEqual(['GET', 'GET']);
  });

  it('--dry-run reads the current roles, shows the difference and prints the PUT', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10001').reply(200, []);
    const r = await runEpi('users set-roles 10001 739224:sales --dry-run');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('+ 739224:sales\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: `${PERMS}/v1/permissions/assignments/10001`, body: ['739224:sales'] });
    expect(r.requests.map((q) => q.method)).toEqual(['GET', 'GET']);
  });

  it('exits 3 when the user does not exist', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/404').reply(404, { message: 'User not found' });
    const r = await runEpi('users set-roles 404 739224:sales --yes');
    expect(r.code).toBe(3);
  });

  it('refuses to drop the owner role of its last holder (exit 2, no PUT), under --dry-run too', async () => {
    for (const flag of ['--yes', '--dry-run']) {
      nock('https://user.sls.epilot.io').get('/v2/users').query({ query: 'cy@acme.example', limit: '50' }).reply(200, { results: [{ id: '10003', email: 'cy@acme.example' }] });
      rolesRead();
      nock(PERMS).get('/v1/permissions/assignments/10003').reply(200, ['739224:owner', '739224:viewer']);
      ownerHolders([
        { user_id: '10001', roles: ['739224:viewer'] },
        { user_id: '10003', roles: ['739224:owner', '739224:viewer'] },
      ]);
      // The change is shown, then refused.
      expectOwnerRefused(await runEpi(['users', 'set-roles', 'cy@acme.example', 'viewer', flag]), ['cy@acme.example (10003)'], '- 739224:owner\n');
    }
  });

  it('drops the owner role while another owner remains', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10002').reply(200, ['739224:owner']);
    ownerHolders(TWO_OWNERS);
    nock(PERMS).put('/v1/permissions/assignments/10002', ['739224:viewer']).reply(200, ['739224:viewer']);
    const r = await runEpi('users set-roles 10002 viewer --yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('+ 739224:viewer\n- 739224:owner\nUser 10002 now has 1 role (1 added, 1 removed).\n');
  });

  it('--force drops the owner role of its last holder, without reading the holders', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10002').reply(200, ['739224:owner']);
    nock(PERMS).put('/v1/permissions/assignments/10002', ['739224:viewer']).reply(200, ['739224:viewer']);
    const r = await runEpi('users set-roles 10002 viewer --yes --force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests.map((q) => `${q.method} ${new URL(q.url).pathname}`)).toEqual([
      'GET /v1/permissions/roles',
      'GET /v1/permissions/assignments/10002',
      'PUT /v1/permissions/assignments/10002',
    ]);
  });

  it('needs at least one role id', async () => {
    const r = await runEpi('users set-roles 10001');
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe("error: missing required argument 'role'\nSee `epi users set-roles --help` for its usage.\n");
  });
});
