import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
let configDir: string;
const TOKEN = makeToken();

beforeAll(async () => {
  fake = await startFakeServer();
  fake.state.users.push(
    { id: '10002', organization_id: '739224', email: 'bob@acme.example', display_name: 'Bob Builder', status: 'Active' },
    { id: '10003', organization_id: '739224', email: 'cy@acme.example', display_name: 'Cy Clerk', status: 'Active' },
  );
});
afterAll(() => fake.close());
beforeEach(() => {
  configDir = mkdtempSync(join(tmpdir(), 'epi-e2e-'));
  fake.requests.length = 0;
});

const epi = (args: string[], input?: string) =>
  runBin(args, { input, env: { ...fake.env, EPI_CONFIG_DIR: join(configDir, 'epi'), EPILOT_TOKEN: TOKEN } });
const json = async (args: string[]) => {
  const r = await epi([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const memberIds = (id: string) => fake.state.groups.find((g) => g.id === id)?.user_ids;

describe('a group through its life', () => {
  it('create → add-users twice → list --all → next → remove-users → delete --yes', async () => {
    const created = await json(['groups', 'create', '--name', 'Finance', '--user', '10001', '--abbreviation', 'FN', '--color', '0588f0', '--color', '3358d4']);
    const id: string = created.id;
    expect(created).toMatchObject({ name: 'Finance', abbreviation: 'FN', users: [{ id: '10001' }], image_uri: { gradient_colors: ['#0588f0', '#3358d4'] } });

    const first = await epi(['groups', 'add-users', id, '10002', '10003']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Added 2 members');
    const second = await epi(['groups', 'add-users', id, '10003', '10001', '10002']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('unchanged');
    expect(memberIds(id)).toEqual(['10001', '10002', '10003']);
    expect(fake.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);

    // Enough groups for three pages of 100, so --all has to follow them.
    for (let i = 0; i < 230; i++) fake.state.groups.push({ id: `bulk-${i}`, org_id: '739224', name: `Bulk ${i}`, user_ids: [], created_at: '', updated_at: '' });
    fake.requests.length = 0;
    const all = await json(['groups', 'list', '--all']);
    expect(all).toHaveLength(231);
    expect(new Set(all.map((g: { id: string }) => g.id)).size).toBe(231);
    expect(all.find((g: { id: string }) => g.id === id).users).toEqual([{ id: '10001' }, { id: '10002' }, { id: '10003' }]);
    expect(fake.requests.map((q) => q.query)).toEqual(['?limit=100', '?limit=100&offset=100', '?limit=100&offset=200']);

    const limited = await epi(['groups', 'list', '--limit', '5', '--json', 'id']);
    expect(JSON.parse(limited.stdout)).toHaveLength(5);
    expect(limited.stderr).toContain('Showing 5 of 231 records');

    const next1 = await json(['groups', 'next', id]);
    expect(next1.crt_assignee).toMatchObject({ id: '10001', display_name: 'Ada Admin' });
    const next2 = await epi(['groups', 'next', id]);
    expect(next2.stderr).toContain('Next assignee of group "Finance": Bob Builder.');

    const removed = await epi(['groups', 'remove-users', id, '10002', '99999']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('warning: User 99999 is not a member');
    expect(memberIds(id)).toEqual(['10001', '10003']);

    const refused = await epi(['groups', 'delete', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: This needs confirmation: Delete group ${id}? Its members stay; only the group goes.\nPass --yes to confirm without a prompt (needed in scripts and CI), or --dry-run to see the request.\n`,
    );
    expect(memberIds(id)).toEqual(['10001', '10003']);
    const deleted = await epi(['groups', 'delete', id, '--yes']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('');
    expect(memberIds(id)).toBeUndefined();
    const gone = await epi(['groups', 'get', id]);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(new RegExp(`^error: GET http://127\\.0\\.0\\.1:\\d+/v1/groups/${id} failed: 404 Not Found: .+\\nCheck the id or key; the matching \`list\` command shows what exists\\.\\n$`));
  });

  it('explains that a group without members has no next assignee', async () => {
    const created = await json(['groups', 'create', '--name', 'Empty']);
    const r = await epi(['groups', 'next', created.id]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`epi groups add-users ${created.id}`);
  });

  it('--dry-run on add-users reads the group but changes nothing', async () => {
    const created = await json(['groups', 'create', '--name', 'Dry', '--user', '10001']);
    fake.requests.length = 0;
    const r = await epi(['groups', 'add-users', created.id, '10002', '--dry-run']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PATCH', body: { user_ids: ['10001', '10002'] } });
    expect(fake.requests.map((q) => q.method)).toEqual(['GET']);
    expect(memberIds(created.id)).toEqual(['10001']);
  });
});
