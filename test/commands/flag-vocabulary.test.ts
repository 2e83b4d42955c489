import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

/**
 * One meaning per flag name (HOUSE-STYLE flag vocabulary): --from-file <path|-> reads stdin for
 * "-", -q/--query is the search everywhere, --in-org is the filter, --org only the organization
 * to act on, --role everywhere with --roles kept as an alias where it existed.
 */

const USER = 'https://user.sls.epilot.io';
const ORG = 'https://organization-v2.sls.epilot.io';
const PERMS = 'https://permissions.sls.epilot.io';

describe('--from-file - reads stdin', () => {
  it('users update sends the JSON object from stdin as the PATCH body', async () => {
    nock(USER).patch('/v2/users/10001', { department: 'Sales' }).reply(200, { id: '10001', email: 'a@acme.example', department: 'Sales' });
    const r = await runEpi('users update 10001 --from-file - --json id,department', { stdin: '{"department":"Sales"}' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '10001', department: 'Sales' });
  });

  it('groups create, roles create and settings put read stdin too', async () => {
    nock(USER).post('/v1/groups', { name: 'Finance' }).reply(201, { id: 'g9', name: 'Finance' });
    expect((await runEpi('groups create --from-file -', { stdin: '{"name":"Finance"}' })).code).toBe(0);
    nock(PERMS).post('/v1/permissions/roles', { type: 'user_role', name: 'Sales', slug: 'sales', grants: [] }).reply(201, { id: '739224:sales', name: 'Sales', slug: 'sales', type: 'user_role', grants: [] });
    expect((await runEpi('roles create --from-file -', { stdin: '{"name":"Sales","slug":"sales"}' })).code).toBe(0);
    nock(ORG).put('/v2/organization/739224/settings/k', '{"a":1}').reply(200, '{"a":1}', { 'content-type': 'application/json' });
    expect((await runEpi('settings put k --from-file -', { stdin: '{"a":1}\n' })).code).toBe(0);
  });

  it('says "from stdin" when what came in is not a JSON object, and sends nothing', async () => {
    const r = await runEpi('org update --from-file -', { stdin: '[1,2]' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from-file from stdin must contain a JSON object.');
    expect(r.requests).toEqual([]);
    const bad = await runEpi('partners get --from-file -', { stdin: '{nope' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from-file from stdin is not valid JSON');
  });

  it('help shows --from-file <path|-> on the verbs that take a body', async () => {
    for (const cmd of ['users update', 'users invite', 'org update', 'groups create', 'groups update', 'roles create', 'roles update', 'navigations create', 'partners get', 'settings put', 'me settings put']) {
      expect((await runEpi(`${cmd} --help`)).stdout, cmd).toContain('--from-file <path|->');
    }
  });
});

describe('-q/--query, --in-org and --org', () => {
  it('-q is the short form of --query on every search', async () => {
    for (const cmd of ['users list', 'groups list', 'roles search', 'partners search']) {
      expect((await runEpi(`${cmd} --help`)).stdout, cmd).toMatch(/-q, --query <text>/);
    }
    nock(USER).get('/v1/groups').query({ limit: '50', query: 'fin' }).reply(200, { hits: 0, groups: [] });
    expect((await runEpi('groups list -q fin --json')).stdout).toBe('[]\n');
  });

  it('users list --in-org keeps the v1 multi-organization listing; --org is not a filter any more', async () => {
    nock(USER).get('/v1/users').query({ org_ids: '739224,911', limit: '50' }).reply(200, { users: [] });
    const r = await runEpi('users list --in-org 739224,911 --in-org 911 --json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
    const old = await runEpi('users list --org 911');
    expect(old.code).toBe(2);
    expect(old.stderr).toContain("unknown option '--org'");
    expect(old.requests).toEqual([]);
  });

  it('every --org left means the organization to act on', async () => {
    for (const cmd of ['settings list', 'settings get x', 'settings put x y', 'settings delete x']) {
      expect((await runEpi(`${cmd} --help`)).stdout, cmd).toMatch(/--org <id>\s+organization \(default: profile org/);
    }
    for (const cmd of ['users list', 'roles search', 'partners search', 'partners get']) {
      expect((await runEpi(`${cmd} --help`)).stdout, cmd).not.toMatch(/--org\b/);
    }
  });
});

describe('--role everywhere, --roles only as an alias', () => {
  it('every command that takes roles spells the flag --role <role>', async () => {
    for (const cmd of ['users invite', 'partners users create', 'partners users assign-roles', 'partners users unassign-roles']) {
      const help = (await runEpi(`${cmd} --help`)).stdout;
      expect(help, cmd).toContain('--role <role>');
      expect(help, cmd).not.toContain('--roles');
    }
  });
});
