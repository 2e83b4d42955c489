import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

/**
 * The user and role resolvers as every command that names users or roles meets them: emails and
 * role names resolved before anything is sent, one list read for many emails, unknown references
 * listed with exit 3 (users) or 2 (roles) and no write.
 */

const USERS = 'https://user.sls.epilot.io';
const PERMS = 'https://permissions.sls.epilot.io';

const DORA = { id: '10004', organization_id: '739224', email: 'Dora@Acme.example', display_name: 'Dora Diaz', status: 'Active' };
const BEA = { id: '10005', organization_id: '739224', email: 'bea@acme.example', display_name: 'Bea Berg', status: 'Active' };
/** The query filter matches parts of addresses too, so a lookup must check the whole email. */
const DORA_LOOKALIKE = { id: '10099', organization_id: '739224', email: 'dora@acme.example.org', display_name: 'Not Dora', status: 'Active' };
const others = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: String(20000 + from + i), email: `u${from + i}@acme.example`, status: 'Active' }));

const role = (slug: string, name: string) => ({ id: `739224:${slug}`, slug, name, type: 'user_role', organization_id: '739224', grants: [] });
const ROLES = [role('owner', 'Owner'), role('sales', 'Sales Team'), role('sales_eu', 'Sales EU'), role('viewer', 'Viewer')];
const rolesRead = () => nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });

/** One email: GET /v2/users with the query filter. */
const emailLookup = (email: string, results: unknown[]) => nock(USERS).get('/v2/users').query({ query: email, limit: '50' }).reply(200, { results });

describe('one user resolver: <user> is an id or an email', () => {
  it('users roles dora@… looks her up, then reads her roles', async () => {
    emailLookup('dora@acme.example', [DORA_LOOKALIKE, DORA]);
    nock(PERMS).get('/v1/permissions/assignments/10004').reply(200, ['739224:owner', '739224:sales']);
    const r = await runEpi('users roles dora@acme.example');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('739224:owner\n739224:sales\n');
    expect(r.requests.map((q) => `${q.method} ${new URL(q.url).pathname}`)).toEqual(['GET /v2/users', 'GET /v1/permissions/assignments/10004']);
  });

  it('matches emails in any case', async () => {
    emailLookup('DORA@ACME.EXAMPLE', [DORA]);
    nock(USERS).get('/v2/users/10004/groups').reply(200, []);
    const r = await runEpi('users groups DORA@ACME.EXAMPLE --json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
  });

  it('resolves several emails in one pass over the listing, stopping once all are found', async () => {
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [...others(49), DORA] });
    nock(USERS).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: [BEA, ...others(49, 50)] });
    // Up to 4 pages are in flight (read ahead), so pages past the one that completes the search are asked for too.
    for (const offset of [100, 150, 200]) nock(USERS).get('/v2/users').query({ limit: '50', offset: String(offset) }).reply(200, { results: [] });
    const group = (ids: string[]) => ({ id: 'g1', name: 'Finance', users: ids.map((id) => ({ id })) });
    nock(USERS).get('/v1/groups/g1').reply(200, group(['10001']));
    nock(USERS).patch('/v1/groups/g1', { user_ids: ['10001', '10004', '10002', '10005'] }).reply(200, group(['10001', '10004', '10002', '10005']));
    const r = await runEpi('groups add-users g1 dora@acme.example 10002 BEA@acme.example');
    expect(r.code).toBe(0);
    // One pass over the listing for two emails, not a query per email: the first page, then a window of 4.
    expect(r.requests.filter((q) => new URL(q.url).pathname === '/v2/users')).toHaveLength(5);
    expect(r.stderr).toContain('Added 3 members to group "Finance"; it has 4 now.');
  });

  it('an unknown email exits 3 naming every unknown one, and sends nothing', async () => {
    rolesRead();
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [DORA, BEA] });
    const r = await runEpi('roles assign sales --user dora@acme.example,ghost@acme.example,nobody@acme.example,10001');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No users with these emails in this organization: "ghost@acme.example", "nobody@acme.example". Nothing was sent.');
    expect(r.stderr).toContain('epi users list --query <text>');
    expect(r.requests.every((q) => q.method === 'GET')).toBe(true);
  }, 10_000);

  it('groups remove-users with an unknown email reads no group and changes nothing', async () => {
    emailLookup('bea@acme.example', [DORA]);
    const r = await runEpi('groups remove-users g1 bea@acme.example');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No user with email "bea@acme.example" in this organization.');
    expect(r.requests).toHaveLength(1);
  });

  it('--dry-run plans show the resolved ids', async () => {
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [DORA, BEA] });
    rolesRead();
    const r = await runEpi('roles assign "sales team" --user dora@acme.example,bea@acme.example --dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).url)).toEqual([
      `${PERMS}/v1/permissions/assignments/10004/739224%3Asales`,
      `${PERMS}/v1/permissions/assignments/10005/739224%3Asales`,
    ]);
  });

  it('users set-roles by email and role names: the plan carries ids only', async () => {
    emailLookup('dora@acme.example', [DORA]);
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10004').reply(200, ['739224:viewer']);
    const r = await runEpi(['users', 'set-roles', 'dora@acme.example', 'OWNER', 'Sales Team', '--dry-run']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: `${PERMS}/v1/permissions/assignments/10004`, body: ['739224:owner', '739224:sales'] });
    expect(r.stderr).toBe('+ 739224:owner\n+ 739224:sales\n- 739224:viewer\n');
  });

  it('groups create --user takes emails and sends their ids', async () => {
    emailLookup('bea@acme.example', [BEA]);
    nock(USERS).post('/v1/groups', { name: 'Finance', user_ids: ['10001', '10005'] }).reply(201, { id: 'g9', name: 'Finance', user_ids: ['10001', '10005'] });
    const r = await runEpi('groups create --name Finance --user 10001,bea@acme.example');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Created group "Finance" (g9).');
  });

  it('roles assignments --user takes an email', async () => {
    emailLookup('dora@acme.example', [DORA]);
    nock(PERMS).get('/v1/permissions/assignments/10004').reply(200, ['739224:owner']);
    const r = await runEpi('roles assignments --user dora@acme.example --json');
    expect(JSON.parse(r.stdout)).toEqual([{ user_id: '10004', roles: ['739224:owner'] }]);
  });

  it('partners get --user takes an email of your organization', async () => {
    emailLookup('dora@acme.example', [DORA]);
    nock('https://partner-directory-api.sls.epilot.io').post('/v1/partners/assignables:batchGet', [{ user_id: '10004' }]).reply(200, { hits: 0, results: [] });
    const r = await runEpi('partners get --user dora@acme.example --json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
  });

  it('a partner user is looked up among the partner organization\'s users, not yours', async () => {
    const API = 'https://partner-directory-api.sls.epilot.io';
    nock(API).get('/v2/partners/456789/users').reply(200, { results: [{ id: '777', email: 'jane@partner.example', roles: [] }] });
    nock(API).delete('/v2/partners/456789/users/777').reply(200, {});
    const r = await runEpi('partners users delete 456789 Jane@Partner.example --yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Deleted user 777 from partner organization 456789.\n');
    nock(API).get('/v2/partners/456789/users').reply(200, { results: [] });
    const unknown = await runEpi('partners users delete 456789 x@partner.example --yes');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('No user with email "x@partner.example" in partner organization 456789.');
    expect(unknown.stderr).toContain('epi partners users list 456789');
  });

  it('help says <user> and what it takes', async () => {
    for (const cmd of ['users roles', 'users set-roles', 'users get', 'groups add-users', 'groups remove-users', 'partners users delete']) {
      const r = await runEpi(`${cmd} --help`);
      expect(r.stdout, cmd).toContain('<user>');
      expect(r.stdout.replace(/\s+/g, ' '), cmd).toMatch(/<user> is a user id or an email address/);
    }
    for (const cmd of ['roles assign', 'roles unassign', 'groups create', 'roles assignments']) {
      expect((await runEpi(`${cmd} --help`)).stdout, cmd).toContain('--user <user>');
    }
  });
});

describe('one role resolver: a role is an id, a slug or a name', () => {
  it('resolves a slug and a name, in any case, with one read of the roles', async () => {
    rolesRead();
    nock(PERMS).post('/v1/permissions/assignments/10001/739224%3Asales').reply(201, { user_id: '10001', roles: ['739224:sales'] });
    const r = await runEpi(['roles', 'assign', 'sales team', '--user', '10001']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('user 1\t10001\t739224:sales\tdone\t\t\n');
  });

  it('an unknown role exits 2 naming the closest matches, and sends nothing', async () => {
    rolesRead();
    const r = await runEpi(['users', 'set-roles', '10001', 'slaes', 'owner', 'Viewr', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no role "slaes" (closest: 739224:sales');
    expect(r.stderr).toContain('no role "Viewr" (closest: 739224:viewer)');
    expect(r.stderr).toContain('Nothing was sent.');
    expect(r.stderr).toContain('epi roles list');
    expect(r.requests.map((q) => `${q.method} ${new URL(q.url).pathname}`)).toEqual(['GET /v1/permissions/roles']);
  });

  it('a name that several roles share is refused with their ids', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [...ROLES, { ...role('sales2', 'Sales Team'), id: '739224:sales2' }] });
    const r = await runEpi(['roles', 'assign', 'Sales Team', '--user', '10001']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"Sales Team" names 2 roles (739224:sales, 739224:sales2); use the id');
  });

  it('roles get by name reads the list once, then the role by its id; an id is read directly', async () => {
    rolesRead();
    nock(PERMS).get('/v1/permissions/roles/739224%3Aviewer').reply(200, ROLES[3]);
    const r = await runEpi('roles get viewer --json id');
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224:viewer' });
    nock(PERMS).get('/v1/permissions/roles/739224%3Aviewer').reply(200, ROLES[3]);
    const direct = await runEpi('roles get 739224:viewer --json id');
    expect(direct.requests).toHaveLength(1);
  });

  it('roles delete by slug asks about the resolved id', async () => {
    const asked: string[] = [];
    rolesRead();
    nock(PERMS).delete('/v1/permissions/roles/739224%3Asales_eu').reply(200, ROLES[2]);
    const r = await runEpi('roles delete sales_eu', { tty: true, prompter: { confirm: async (m) => (asked.push(m), true) } });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Delete role 739224:sales_eu?']);
  });

  it('roles unassign resolves the role and users before removing anything', async () => {
    rolesRead();
    const r = await runEpi('roles unassign nope --user 10001 --yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<role>: no role "nope"');
    expect(r.requests).toHaveLength(1);
  });

  it('help says <role> and what it takes', async () => {
    for (const cmd of ['roles get', 'roles assign', 'roles unassign', 'roles update', 'roles delete', 'users set-roles']) {
      const r = await runEpi(`${cmd} --help`);
      expect(r.stdout, cmd).toContain('<role');
      expect(r.stdout.replace(/\s+/g, ' '), cmd).toContain('is a role id (123:sales), slug (sales) or name (Sales Team)');
    }
    const invite = (await runEpi('users invite --help')).stdout;
    expect(invite).toContain('--role <role>');
    expect(invite).not.toContain('--roles');
  });
});
