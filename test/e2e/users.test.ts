import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
let dir: string;
const TOKEN = makeToken();

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'epi-e2e-users-'));
  fake.requests.length = 0;
  fake.faults.length = 0;
});

const epi = (args: string[]) => runBin(args, { env: { ...fake.env, EPI_CONFIG_DIR: join(dir, 'epi'), EPILOT_TOKEN: TOKEN } });
const userByEmail = (email: string) => fake.state.users.find((u) => u.email === email);

describe('users: invite, list, get, update, delete against the fake', () => {
  it('walks one user through its whole life', async () => {
    // Enough colleagues that --all needs two pages.
    for (let i = 0; i < 55; i++) fake.state.users.push({ id: `c${i}`, organization_id: '739224', email: `colleague${i}@acme.example`, status: 'Active' });
    fake.state.roles.push({ id: '739224:agent', slug: 'agent', name: 'Service Agent', type: 'user_role', organization_id: '739224', grants: [] });

    // A role by its name, resolved to its id against one read of the roles.
    const invited = await epi(['users', 'invite', '--email', 'nina@acme.example', '--role', 'service agent', '--language', 'de', '--json']);
    expect(invited.code).toBe(0);
    const nina = JSON.parse(invited.stdout);
    expect(nina).toMatchObject({ email: 'nina@acme.example', status: 'Pending', preferred_language: 'de' });
    expect(userByEmail('nina@acme.example')?.id).toBe(nina.id);
    expect(fake.state.assignments.get(nina.id)).toEqual(['739224:agent']);
    const ninasRoles = await epi(['users', 'roles', 'NINA@acme.example']);
    expect(ninasRoles.code).toBe(0);
    expect(ninasRoles.stdout).toBe('739224:agent\n');

    fake.requests.length = 0;
    const list = await epi(['users', 'list', '--all', '--json']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    const emails = (JSON.parse(list.stdout) as Array<{ email: string }>).map((u) => u.email);
    expect(emails).toHaveLength(57);
    expect(emails).toEqual(expect.arrayContaining(['admin@acme.example', 'nina@acme.example', 'colleague54@acme.example']));
    // The first page alone, then 4 in flight: /v2/users reports no total, so the pages after the short one are read ahead.
    expect(fake.requests.map((q) => q.query).sort()).toEqual(['?limit=50', '?limit=50&offset=50', '?limit=50&offset=100', '?limit=50&offset=150', '?limit=50&offset=200'].sort());

    const got = await epi(['users', 'get', 'NINA@acme.example', '--json', 'id,email']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ id: nina.id, email: 'nina@acme.example' });

    const updated = await epi(['users', 'update', nina.id, '--display-name', 'Nina Neumann', '--department', 'Sales', '--json', 'display_name,department']);
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toEqual({ display_name: 'Nina Neumann', department: 'Sales' });
    expect(userByEmail('nina@acme.example')).toMatchObject({ display_name: 'Nina Neumann', department: 'Sales' });

    fake.state.groups.push({ id: 'g-sales', org_id: '739224', name: 'Sales', user_ids: [nina.id], created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' });
    const groups = await epi(['users', 'groups', nina.id]);
    expect(groups.code).toBe(0);
    expect(groups.stdout).toBe('g-sales\tSales\t\t1\t\n');

    const resent = await epi(['users', 'resend-invite', '--email', 'nina@acme.example']);
    expect(resent.code).toBe(0);
    expect(resent.stderr).toBe('Sent the invitation to nina@acme.example again.\n');
    const reset = await epi(['users', 'reset-password', '--email', 'nina@acme.example', '--json']);
    expect(JSON.parse(reset.stdout)).toEqual({ success: true });

    const refused = await epi(['users', 'delete', nina.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: This needs confirmation: Delete user ${nina.id}? They lose access to the organization.\nPass --yes to confirm without a prompt (needed in scripts and CI), or --dry-run to see the request.\n`,
    );
    expect(userByEmail('nina@acme.example')).toMatchObject({ id: nina.id });

    const deleted = await epi(['users', 'delete', nina.id, '--yes']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('');
    expect(deleted.stderr).toBe(`Deleted user ${nina.id}.\n`);
    expect(userByEmail('nina@acme.example')).toBeUndefined();

    const gone = await epi(['users', 'get', 'nina@acme.example']);
    expect(gone.code).toBe(3);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toBe(
      'error: No user with email "nina@acme.example" in this organization. Nothing was sent.\nCheck the addresses, or search with `epi users list --query <text>`; a user id is used as given.\n',
    );
  });
});

describe('users invite --from-file against the fake', () => {
  it('reports every row when one invitation fails, exits 1, and a --skip-existing rerun invites only the missing one', async () => {
    const emails = ['b1@acme.example', 'b2@acme.example', 'b3@acme.example', 'b4@acme.example', 'b5@acme.example'];
    const file = join(dir, 'users.csv');
    writeFileSync(file, `email,roles,language\n${emails.map((e) => `${e},739224:agent;Viewer,en`).join('\n')}\n`);
    for (const slug of ['agent', 'viewer']) {
      if (!fake.state.roles.some((r) => r.id === `739224:${slug}`)) fake.state.roles.push({ id: `739224:${slug}`, slug, name: slug[0]!.toUpperCase() + slug.slice(1), type: 'user_role', organization_id: '739224', grants: [] });
    }
    fake.inject({ method: 'POST', path: '/v2/users/invite', status: 500, body: { message: 'temporary failure' } });

    const first = await epi(['users', 'invite', '--from-file', file, '--json']);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout) as Array<{ row: string; item: string; status: string; id?: string; reason?: string }>;
    expect(report.map((r) => r.item)).toEqual(emails);
    const failed = report.filter((r) => r.status === 'failed');
    expect(failed).toEqual([{ row: expect.any(String), item: expect.any(String), status: 'failed', reason: '500: temporary failure' }]);
    for (const r of report.filter((x) => x.status === 'done')) expect(userByEmail(r.item)?.id).toBe(r.id);
    expect(userByEmail(failed[0]!.item)).toBeUndefined();
    expect(fake.state.assignments.get(report.find((r) => r.status === 'done')!.id!)).toEqual(['739224:agent', '739224:viewer']);
    expect(fake.requests.filter((q) => q.method === 'POST')).toHaveLength(5);
    expect(first.stderr).toContain('4 done, 1 failed of 5 rows.');

    fake.requests.length = 0;
    const rerun = await epi(['users', 'invite', '--from-file', file, '--skip-existing']);
    expect(rerun.code).toBe(0);
    const rows = rerun.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.map(([, email, status]) => [email, status])).toEqual(emails.map((e) => [e, e === failed[0]!.item ? 'done' : 'skipped']));
    expect(fake.requests.filter((q) => q.method === 'POST').map((q) => (q.body as { email: string }).email)).toEqual([failed[0]!.item]);
    for (const e of emails) expect(userByEmail(e)?.email).toBe(e);
  });

  it('sends nothing when a row is invalid and names its line', async () => {
    const file = join(dir, 'users.csv');
    writeFileSync(file, 'email\nok@acme.example\nnot-an-email\n');
    const r = await epi(['users', 'invite', '--from-file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3: email "not-an-email" is not a valid email address');
    expect(fake.requests).toEqual([]);
    expect(userByEmail('ok@acme.example')).toBeUndefined();
  });
});
