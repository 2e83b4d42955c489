import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
const TOKEN = makeToken();
const OWNER = { id: '739224:owner', name: 'Owner', slug: 'owner', type: 'org_role', organization_id: '739224', grants: [{ action: '*', effect: 'allow' }] };

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.state.roles.splice(0, fake.state.roles.length, { ...OWNER });
  fake.state.assignments.clear();
  fake.state.assignments.set('10001', ['739224:owner']);
});

const epi = (args: string[], env: Record<string, string | undefined> = { EPILOT_TOKEN: TOKEN }) =>
  runBin(args, { env: { ...fake.env, EPI_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'epi-e2e-')), ...env } });

describe('roles: create → assign → users roles → users set-roles → delete', () => {
  it('changes the fake step by step, with data on stdout and messages on stderr', async () => {
    const create = await epi(['roles', 'create', '--name', 'Sales', '--slug', 'sales', '--grant', 'entity-read:entity:739224:contact:*', '--deny', 'entity-delete', '--json']);
    expect(create.code).toBe(0);
    expect(create.stderr).toBe('Created role 739224:sales.\n');
    expect(JSON.parse(create.stdout)).toMatchObject({ id: '739224:sales', type: 'user_role' });
    expect(fake.state.roles.find((r) => r.id === '739224:sales')?.grants).toEqual([
      { action: 'entity-read', resource: 'entity:739224:contact:*', effect: 'allow' },
      { action: 'entity-delete', effect: 'deny' },
    ]);

    const assign = await epi(['roles', 'assign', '739224:sales', '--user', '10001,10002']);
    expect(assign.code).toBe(0);
    expect(assign.stdout).toBe('user 1\t10001\t739224:sales\tdone\t\t\nuser 2\t10002\t739224:sales\tdone\t\t\n');
    expect(fake.state.assignments.get('10001')).toEqual(['739224:owner', '739224:sales']);
    expect(fake.state.assignments.get('10002')).toEqual(['739224:sales']);

    const roles = await epi(['users', 'roles', '10001', '--hydrate', '--json', 'id,name']);
    expect(roles.code).toBe(0);
    expect(JSON.parse(roles.stdout)).toEqual([
      { id: '739224:owner', name: 'Owner' },
      { id: '739224:sales', name: 'Sales' },
    ]);

    const refused = await epi(['users', 'set-roles', '10001', '739224:owner']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(fake.state.assignments.get('10001')).toEqual(['739224:owner', '739224:sales']);

    const set = await epi(['users', 'set-roles', '10001', '739224:owner', '--yes']);
    expect(set.code).toBe(0);
    expect(set.stderr).toBe('- 739224:sales\nUser 10001 now has 1 role (0 added, 1 removed).\n');
    expect(set.stdout).toBe('739224:owner\n');
    expect(fake.state.assignments.get('10001')).toEqual(['739224:owner']);

    const del = await epi(['roles', 'delete', '739224:sales', '--yes']);
    expect(del.code).toBe(0);
    expect(del.stderr).toBe('Deleted role 739224:sales.\n');
    expect(fake.state.roles.map((r) => r.id)).toEqual(['739224:owner']);
    expect(fake.state.assignments.get('10002')).toEqual([]);

    const gone = await epi(['roles', 'get', '739224:sales']);
    expect(gone.code).toBe(3);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toContain('Role 739224:sales not found');
  });

  it('updates a role by reading and writing it back, and pages search results without offset 0', async () => {
    for (let i = 0; i < 105; i++) fake.state.roles.push({ id: `739224:r${i}`, name: `Role ${i}`, slug: `r${i}`, type: 'user_role', organization_id: '739224', grants: [] });
    const update = await epi(['roles', 'update', '739224:r0', '--name', 'Renamed', '--add-grant', 'entity-read:entity:*:contact:*']);
    expect(update.code).toBe(0);
    expect(update.stderr).toBe('Updated role 739224:r0.\n');
    expect(fake.state.roles.find((r) => r.id === '739224:r0')).toMatchObject({ name: 'Renamed', grants: [{ action: 'entity-read', resource: 'entity:*:contact:*', effect: 'allow' }] });

    // The fake answers 400 to offset 0, like the API; --all needs two pages of 100.
    fake.requests.length = 0;
    const all = await epi(['roles', 'search', '--all', '--ndjson']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(106);
    expect(fake.requests.map((q) => q.body)).toEqual([{ limit: 100 }, { limit: 100, offset: 100 }]);

    const limited = await epi(['roles', 'search', '--query', 'role 1', '--limit', '2', '--json', 'id']);
    expect(JSON.parse(limited.stdout)).toEqual([{ id: '739224:r1' }, { id: '739224:r10' }]);
    expect(limited.stderr).toContain('Showing 2 of 16 records');
  });

  it('reports a partial failure per user and exits 1', async () => {
    fake.inject({ method: 'POST', path: '/v1/permissions/assignments/10002/739224%3Aowner', status: 403, body: { message: 'Forbidden' } });
    const r = await epi(['roles', 'assign', '739224:owner', '--user', '10003', '--user', '10002']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('user 1\t10003\t739224:owner\tdone\t\t\nuser 2\t10002\t739224:owner\tfailed\t\t403: Forbidden\n');
    expect(r.stderr).toContain('1 of 2 rows failed.');
    expect(fake.state.assignments.get('10003')).toEqual(['739224:owner']);
  });
});

describe('partner roles and partner users', () => {
  beforeEach(() => {
    fake.state.partners.splice(0, fake.state.partners.length, {
      id: 'p-1',
      organization_id: '739224',
      partner_org_id: '456789',
      company_name: 'Acme Solar GmbH',
      status: 'Invited',
      invitation_token: 'invite-tok',
    });
    fake.state.partnerRoles.clear();
    fake.state.partnerUsers.clear();
  });

  it('creates a partner role, a user with it, moves roles and deletes the user', async () => {
    const role = await epi(['roles', 'create', '--partner', '456789', '--name', 'Partner Sales', '--slug', 'partner_sales', '--grant', 'entity-read:entity:*:opportunity:*']);
    expect(role.code).toBe(0);
    expect(fake.state.partnerRoles.get('456789')).toEqual([
      { id: '456789:partner_sales', slug: 'partner_sales', name: 'Partner Sales', type: 'user_role', grants: [{ action: 'entity-read', resource: 'entity:*:opportunity:*', effect: 'allow' }] },
    ]);
    expect((await epi(['roles', 'create', '--partner', '456789', '--name', 'Admin', '--slug', 'partner_admin'])).code).toBe(0);

    const create = await epi(['partners', 'users', 'create', '456789', '--email', 'jane@partner.example', '--role', '456789:partner_sales', '--json', 'id']);
    expect(create.code).toBe(0);
    const userId = JSON.parse(create.stdout).id as string;

    // A role the partner organization does not have is caught before anything is sent.
    const ghost = await epi(['partners', 'users', 'assign-roles', '456789', userId, '--role', '456789:partner_admin,456789:ghost']);
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toContain('no role "456789:ghost"');
    expect(fake.state.partnerUsers.get('456789')![0]!.roles).toEqual(['456789:partner_sales']);

    // The user by email and the role by name, both looked up in the partner organization.
    const assign = await epi(['partners', 'users', 'assign-roles', '456789', 'Jane@partner.example', '--role', 'admin']);
    expect(assign.code).toBe(0);
    expect(assign.stdout).toBe('456789:partner_admin\tassigned\t\n');

    const list = await epi(['partners', 'users', 'list', '456789']);
    expect(list.stdout).toBe(`${userId}\tjane\tjane@partner.example\tPending\t456789:partner_sales,456789:partner_admin\n`);

    const unassign = await epi(['partners', 'users', 'unassign-roles', '456789', userId, '--role', '456789:partner_sales', '--yes']);
    expect(unassign.code).toBe(0);
    expect(fake.state.partnerUsers.get('456789')![0]!.roles).toEqual(['456789:partner_admin']);

    const rename = await epi(['roles', 'update', '456789:partner_admin', '--partner', '456789', '--name', 'Partner Admin']);
    expect(rename.code).toBe(0);
    expect(fake.state.partnerRoles.get('456789')![1]).toMatchObject({ name: 'Partner Admin', slug: 'partner_admin' });

    const busy = await epi(['roles', 'delete', '456789:partner_admin', '--partner', '456789', '--yes']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('currently assigned');

    expect((await epi(['partners', 'users', 'delete', '456789', userId])).code).toBe(2);
    const del = await epi(['partners', 'users', 'delete', '456789', userId, '--yes']);
    expect(del.code).toBe(0);
    expect(fake.state.partnerUsers.get('456789')).toEqual([]);
    expect((await epi(['roles', 'delete', '456789:partner_admin', '--partner', '456789', '--yes'])).code).toBe(0);
  });

  it('reads an invitation without any token, and the request carries no Authorization header', async () => {
    const r = await epi(['partners', 'invitation', 'invite-tok', '--json', 'company_name,status'], {});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ company_name: 'Acme Solar GmbH', status: 'Invited' });
    expect(fake.requests.at(-1)!.headers.authorization).toBeUndefined();
    const unknown = await epi(['partners', 'invitation', 'nope'], {});
    expect(unknown.code).toBe(3);
  });

  it('searches assignables page by page with from/size', async () => {
    const r = await epi(['partners', 'search', '--type', 'user', '--json', 'user_id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ user_id: '10001' }]);
    expect(fake.requests.at(-1)!.body).toEqual({ q: '', size: 50, types: ['user'] });
  });
});
