import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { group, PERMISSIONS_API as PERMS, role, user, USER_API as USERS } from '../helpers/access-fixtures.js';
import { runEpi } from '../helpers/run.js';

const ADA = user('10001', 'admin@acme.example', 'Ada Admin', 'Active');
const BEN = user('10002', 'ben@acme.example', '=Ben, Bauer', 'Pending');
const CY = user('10003', 'cy@acme.example', 'Cy', 'Deactivated');
const ROLES = [role('owner', 'Owner', 'org_role'), role('sales', 'Sales, North')];
const ASSIGNMENTS = [
  { user_id: '10001', roles: ['739224:owner', '739224:sales'] },
  { user_id: '10002', roles: ['739224:sales', '999:partner'] },
];

/** The three reads of the review: roles, assignments, one page of groups. */
function accessReads(groups = [group('g1', 'Finance', ['10001', '10002']), group('g2', 'Ops', ['10002'])]) {
  nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
  nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments: ASSIGNMENTS });
  nock(USERS).get('/v1/groups').query({ limit: '100' }).reply(200, { hits: groups.length, groups });
}

describe('epi users list --with roles,groups (access review)', () => {
  it('adds role and group names from one read each, not one call per user, as one CSV line per user', async () => {
    accessReads();
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN, CY] });
    const r = await runEpi('users list --all --with roles,groups --format csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\r\n')).toEqual([
      'ID,Email,Name,Status,Department,Roles,Groups',
      '10001,admin@acme.example,Ada Admin,Active,,"Owner; Sales, North",Finance',
      // Names joined with "; "; a formula-like name is defused; a role of another org shows its id.
      "10002,ben@acme.example,\"'=Ben, Bauer\",Pending,,\"Sales, North; 999:partner\",Finance; Ops",
      '10003,cy@acme.example,Cy,Deactivated,,,',
      '',
    ]);
    expect(r.requests).toHaveLength(4);
  });

  it('gives arrays of names and ids under --json, and checks --json fields', async () => {
    accessReads();
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, CY] });
    const r = await runEpi('users list --with roles --with groups --json id,roles,role_ids,groups,group_ids');
    expect(JSON.parse(r.stdout)).toEqual([
      { id: '10001', roles: ['Owner', 'Sales, North'], role_ids: ['739224:owner', '739224:sales'], groups: ['Finance'], group_ids: ['g1'] },
      { id: '10003', roles: [], role_ids: [], groups: [], group_ids: [] },
    ]);
    const typo = await runEpi('users list --with roles --json id,groups');
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.stderr).error.message).toBe('Unknown field "groups" in --json.');
    expect(typo.requests).toEqual([]);
  });

  it('follows every page of the group listing', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
    nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments: ASSIGNMENTS });
    const many = Array.from({ length: 100 }, (_, i) => group(`x${i}`, `X${i}`, []));
    nock(USERS).get('/v1/groups').query({ limit: '100' }).reply(200, { hits: 101, groups: many });
    nock(USERS).get('/v1/groups').query({ limit: '100', offset: '100' }).reply(200, { hits: 101, groups: [group('g9', 'Late', ['10001'])] });
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA] });
    const r = await runEpi('users list --with groups');
    expect(r.stdout).toBe('10001\tadmin@acme.example\tAda Admin\tActive\t\tLate\n');
  });

  it('filters by --role (slug or name, any case), --group (name, any case) and --status (any case) on the client', async () => {
    accessReads();
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN, CY] });
    const r = await runEpi(['users', 'list', '--role', 'SALES', '--group', 'OPS', '--status', 'pending', '--json', 'id']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: '10002' }]);

    accessReads();
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN, CY] });
    const owners = await runEpi('users list --role Owner --with roles --json id,roles');
    expect(JSON.parse(owners.stdout)).toEqual([{ id: '10001', roles: ['Owner', 'Sales, North'] }]);
  });

  it('--status alone reads no roles or groups, and --limit counts matching users', async () => {
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN, CY, { ...BEN, id: '10004' }] });
    const r = await runEpi('users list --status PENDING --limit 1 --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: '10002' }]);
    expect(r.stderr).toContain('Stopped at --limit 1 matching users; more may exist.');
    expect(r.requests.map((q) => new URL(q.url).pathname)).toEqual(['/v2/users']);
  });

  it('refuses an unknown status, --with value, role or group with exit 2, naming it', async () => {
    const status = await runEpi('users list --status gone');
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status "gone" is not one of: Active, Pending, Deactivated, Deleted.');
    expect(status.requests).toEqual([]);
    const withs = await runEpi('users list --with roles,teams');
    expect(withs.code).toBe(2);
    expect(withs.stderr).toContain('--with "teams" is not one of: roles, groups.');

    accessReads();
    nock(USERS).get('/v2/users').query(true).optionally().reply(200, { results: [ADA] });
    const role = await runEpi('users list --role salse --group nope');
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role: no role "salse" (closest: 739224:sales)');
    expect(role.stdout).toBe('');

    accessReads();
    const groupMiss = await runEpi('users list --group nope');
    expect(groupMiss.code).toBe(2);
    expect(groupMiss.stderr).toContain('--group: no group "nope".');
    expect(groupMiss.stderr).toContain('epi groups list --all');
  });

  it('refuses --with together with --in-org', async () => {
    const r = await runEpi('users list --in-org 911 --with roles');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be combined with --in-org');
  });

  it('fails (exit 4) when the assignments cannot be read, printing no users', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
    nock(PERMS).get('/v1/permissions/assignments').reply(403, { message: 'Forbidden' });
    nock(USERS).get('/v1/groups').query(true).optionally().reply(200, { hits: 0, groups: [] });
    nock(USERS).get('/v2/users').query(true).optionally().reply(200, { results: [ADA] });
    const r = await runEpi('users list --with roles --max-retries 0');
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
  });
});

describe('epi roles members', () => {
  it('lists the holders of a role named by slug, from one read of assignments and users', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
    nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments: ASSIGNMENTS });
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN, CY] });
    const r = await runEpi('roles members sales');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('10001\tadmin@acme.example\tAda Admin\tActive\n10002\tben@acme.example\t=Ben, Bauer\tPending\n');
  });

  it('lists holders the user listing lacks by id, with a warning', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
    nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments: [{ user_id: '555', roles: ['739224:owner'] }] });
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA] });
    const r = await runEpi('roles members Owner --json id,email');
    expect(JSON.parse(r.stdout)).toEqual([{ id: '555', email: null }]);
    expect(r.stderr).toContain("warning: Not among this organization's users (another organization's, or deleted): 555; listed by id only.");
  });

  it('fails with exit 2 for an unknown role instead of listing no one', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
    const r = await runEpi('roles members 739224:nobody');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no role "739224:nobody"');
  });

  it('says so on stderr when no one holds the role, and prints [] under --json', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
    nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments: [] });
    const r = await runEpi('roles members owner --json');
    expect(r.stdout.trim()).toBe('[]');
    expect(r.stderr).toContain('No user holds role 739224:owner.');
  });
});
