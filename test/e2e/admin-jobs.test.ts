import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
let configDir: string;
const TOKEN = makeToken();
const ORG = '739224';
const role = (slug: string, name: string) => ({ id: `${ORG}:${slug}`, slug, name, type: 'user_role', organization_id: ORG, grants: [] });
const group = (id: string, name: string, user_ids: string[]) => ({ id, org_id: ORG, name, user_ids, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' });

beforeAll(async () => {
  fake = await startFakeServer();
  // 60 more users than one page of 50, so the review follows the pages.
  for (let i = 0; i < 60; i++) {
    fake.state.users.push({ id: String(11000 + i), organization_id: ORG, email: `user${i}@acme.example`, display_name: i === 7 ? '=cmd|calc' : `User ${i}`, status: i % 10 === 0 ? 'Pending' : 'Active' });
  }
  fake.state.roles.push(role('owner', 'Owner'), role('sales', 'Sales Team'), role('viewer', 'Viewer'));
  fake.state.assignments.set('10001', [`${ORG}:owner`]);
  fake.state.assignments.set('11001', [`${ORG}:sales`, `${ORG}:viewer`]);
  fake.state.assignments.set('11002', [`${ORG}:sales`]);
  fake.state.groups.push(group('g-fin', 'Finance', ['10001', '11001']), group('g-ops', 'Ops', ['11001', '11002']));
});
afterAll(() => fake.close());
beforeEach(() => {
  configDir = mkdtempSync(join(tmpdir(), 'epi-e2e-'));
  fake.requests.length = 0;
});

const epi = (args: string[], input?: string) =>
  runBin(args, { input, env: { ...fake.env, EPI_CONFIG_DIR: join(configDir, 'epi'), EPILOT_TOKEN: TOKEN, XDG_STATE_HOME: join(configDir, 'state') } });

describe('the access review', () => {
  it('users list --all --with roles,groups --format csv: one line per user plus the header, from a few calls', async () => {
    const r = await epi(['users', 'list', '--all', '--with', 'roles,groups', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\r\n').slice(0, -1);
    const users = fake.state.users.filter((u) => u.organization_id === ORG);
    expect(lines).toHaveLength(users.length + 1);
    expect(lines[0]).toBe('ID,Email,Name,Status,Department,Roles,Groups');
    expect(lines).toContain('11001,user1@acme.example,User 1,Active,,Sales Team; Viewer,Finance; Ops');
    expect(lines).toContain('10001,admin@acme.example,Ada Admin,Active,,Owner,Finance');
    expect(lines).toContain("11007,user7@acme.example,'=cmd|calc,Active,,,");
    // Beside the pages of users (read ahead a few at a time): one read each of roles, assignments
    // and groups, never one call per user.
    expect(fake.requests.filter((q) => q.path !== '/v2/users').map((q) => q.path).sort()).toEqual(['/v1/groups', '/v1/permissions/assignments', '/v1/permissions/roles']);
    expect(fake.requests.filter((q) => q.path === '/v2/users').length).toBeLessThanOrEqual(5);
  });

  it('filters by role name and status, and roles members lists the holders', async () => {
    const r = await epi(['users', 'list', '--all', '--role', 'sales team', '--status', 'active', '--json', 'id']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: '11001' }, { id: '11002' }]);
    const members = await epi(['roles', 'members', 'Sales Team', '--json', 'id,email']);
    expect(JSON.parse(members.stdout)).toEqual([
      { id: '11001', email: 'user1@acme.example' },
      { id: '11002', email: 'user2@acme.example' },
    ]);
  });
});

describe('offboarding', () => {
  const snapshot = () => JSON.stringify({ users: fake.state.users, groups: fake.state.groups, assignments: [...fake.state.assignments] });

  it('--dry-run prints the plan and every request, and changes nothing', async () => {
    const before = snapshot();
    const r = await epi(['users', 'offboard', 'user1@acme.example', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('user1@acme.example (11001): groups Finance, Ops; roles Sales Team, Viewer; then the user is deleted');
    const plans = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(plans.map((p) => `${p.method} ${decodeURIComponent(new URL(p.url).pathname)}`)).toEqual([
      'PATCH /v1/groups/g-fin',
      'PATCH /v1/groups/g-ops',
      `DELETE /v1/permissions/assignments/11001/${ORG}:sales`,
      `DELETE /v1/permissions/assignments/11001/${ORG}:viewer`,
      'DELETE /v2/users/11001',
    ]);
    expect(snapshot()).toBe(before);
    expect(fake.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('offboards for real: the user is gone from its groups, its assignments and the users', async () => {
    const r = await epi(['users', 'offboard', 'user1@acme.example', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({
      status: 'done',
      groups_removed: [{ id: 'g-fin', name: 'Finance' }, { id: 'g-ops', name: 'Ops' }],
      roles_removed: [{ id: `${ORG}:sales`, name: 'Sales Team' }, { id: `${ORG}:viewer`, name: 'Viewer' }],
      user_deleted: true,
    });
    expect(fake.state.groups.find((g) => g.id === 'g-fin')!.user_ids).toEqual(['10001']);
    expect(fake.state.groups.find((g) => g.id === 'g-ops')!.user_ids).toEqual(['11002']);
    expect(fake.state.assignments.get('11001') ?? []).toEqual([]);
    expect(fake.state.users.some((u) => u.id === '11001')).toBe(false);
  });

  it("through epi batch, keeping the accounts; and refuses to offboard the token's own user", async () => {
    const file = join(configDir, 'leavers.csv');
    writeFileSync(file, 'email,name\nuser2@acme.example,User 2\n');
    const r = await epi(['batch', file, '--', 'users', 'offboard', '{email}', '--keep-user', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(fake.state.groups.find((g) => g.id === 'g-ops')!.user_ids).toEqual([]);
    expect(fake.state.assignments.get('11002') ?? []).toEqual([]);
    expect(fake.state.users.some((u) => u.id === '11002')).toBe(true);

    const owner = await epi(['users', 'offboard', 'admin@acme.example', '--yes']);
    expect(owner.code).toBe(2);
    expect(owner.stderr).toContain('Refusing to offboard yourself');
    expect(fake.state.assignments.get('10001')).toEqual([`${ORG}:owner`]);
  });

  it('every command that can remove the owner role refuses to take it from its only holder, under --dry-run too', async () => {
    const before = snapshot();
    const refusal = `error: Refusing to remove the last holder of the owner role ${ORG}:owner (admin@acme.example (10001)): no one could manage the organization afterwards.\nGive someone else the role first (epi roles assign ${ORG}:owner --user <user>), or pass --force.\n`;
    for (const args of [
      ['roles', 'unassign', 'Owner', '--user', 'admin@acme.example', '--yes'],
      ['roles', 'unassign', 'Owner', '--user', 'admin@acme.example', '--dry-run'],
      ['users', 'set-roles', 'admin@acme.example', 'viewer', '--yes'],
      ['users', 'delete', 'admin@acme.example', '--yes'],
    ]) {
      const r = await epi(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith(refusal), r.stderr).toBe(true);
    }
    expect(snapshot()).toBe(before);
    expect(fake.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('epi batch rows running side by side never remove the last owner together', async () => {
    // Two owners besides no one else: each row sees the other owner when it starts.
    fake.state.assignments.set('10001', []);
    fake.state.assignments.set('11020', [`${ORG}:owner`]);
    fake.state.assignments.set('11021', [`${ORG}:owner`]);
    try {
      const file = join(configDir, 'owners.csv');
      writeFileSync(file, 'email\nuser20@acme.example\nuser21@acme.example\n');
      const r = await epi(['batch', file, '--concurrency', '2', '--json', '--', 'users', 'offboard', '{email}', '--keep-user', '--yes']);
      expect(r.code).toBe(1);
      const rows = JSON.parse(r.stdout) as Array<{ status: string; reason?: string; stderr?: string }>;
      expect(rows.map((x) => x.status).sort()).toEqual(['done', 'failed']);
      const refused = rows.find((x) => x.status === 'failed')!;
      expect(refused.reason).toMatch(/^Refusing to remove the last holder of the owner role 739224:owner \(user2[01]@acme\.example \(1102[01]\)\): no one could manage the organization afterwards\.$/);
      expect(refused.stderr).toContain('or pass --force.');
      expect(r.stderr).toContain('1 done, 1 failed of 2 rows.');
      const owners = [...fake.state.assignments].filter(([, roles]) => roles.includes(`${ORG}:owner`)).map(([id]) => id);
      expect(owners).toHaveLength(1);
    } finally {
      fake.state.assignments.set('10001', [`${ORG}:owner`]);
      fake.state.assignments.delete('11020');
      fake.state.assignments.delete('11021');
    }
  });
});
