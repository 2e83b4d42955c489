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
  fake.state.organizations.set('739225', { id: '739225', name: 'Acme Sandbox', type: 'Vendor', organization_use: 'Sandbox' });
  fake.state.users.push({ id: '20001', organization_id: '739225', email: 'admin@acme.example', display_name: 'Ada Admin', status: 'Active' });
});
afterAll(() => fake.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'epi-e2e-'));
  fake.requests.length = 0;
});

const epi = (args: string[], options: { input?: string; token?: string | null } = {}) =>
  runBin(args, {
    input: options.input,
    env: { ...fake.env, EPI_CONFIG_DIR: join(dir, 'epi'), EPILOT_TOKEN: options.token === null ? undefined : (options.token ?? TOKEN) },
  });

describe('invites, without a login', () => {
  it('check shows the org, accept activates with --password-stdin, and the token is then used up', async () => {
    fake.state.users.push({ id: '10009', organization_id: '739224', email: 'eve@acme.example', display_name: 'eve@acme.example', status: 'Pending' });
    fake.state.inviteTokens.set('inv-1', { user_id: '10009', org_id: '739224' });

    const check = await epi(['invites', 'check', 'inv-1', '--json'], { token: null });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ invitation_org_id: '739224', invitation_org_name: 'Acme Energy', invitee_user_id: '10009' });

    const accept = await epi(['invites', 'accept', 'inv-1', '--display-name', 'Eve Example', '--password-stdin'], { token: null, input: 'correct horse battery\n' });
    expect(accept.code).toBe(0);
    expect(accept.stdout).toBe('');
    expect(accept.stderr).toContain('active in Acme Energy');
    expect(fake.state.users.find((u) => u.id === '10009')).toMatchObject({ status: 'Active', display_name: 'Eve Example' });
    const activate = fake.requests.find((q) => q.path === '/v2/users/public/activate')!;
    expect(activate.body).toEqual({ display_name: 'Eve Example', password: 'correct horse battery' });
    expect(fake.requests.every((q) => q.headers.authorization === undefined)).toBe(true);

    const again = await epi(['invites', 'check', 'inv-1'], { token: null });
    expect(again.code).toBe(3);
  });

  it('reject needs --yes without a terminal, then removes the token', async () => {
    fake.state.inviteTokens.set('inv-2', { user_id: '10001', org_id: '739224' });
    const refused = await epi(['invites', 'reject', 'inv-2'], { token: null });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'error: This needs confirmation: Reject this invitation? The link stops working.\nPass --yes to confirm without a prompt (needed in scripts and CI), or --dry-run to see the request.\n',
    );
    expect(fake.state.inviteTokens.has('inv-2')).toBe(true);
    const rejected = await epi(['invites', 'reject', 'inv-2', '--yes'], { token: null });
    expect(rejected.code).toBe(0);
    expect(rejected.stderr).toBe('Invitation rejected.\n');
    expect(fake.state.inviteTokens.has('inv-2')).toBe(false);
  });
});

describe('organizations of the user', () => {
  it('org list shows every org the login can sign in to and marks the current one', async () => {
    const r = await epi(['org', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('739224\tAcme Energy\tVendor\tProduction\t*\n739225\tAcme Sandbox\tVendor\tSandbox\t\n');
    const lookup = fake.requests.find((q) => q.path.includes(':getLoginParameters'))!;
    expect(lookup.headers.authorization).toBeUndefined();
  });

  it('org switch keeps the login token off the terminal unless --json asks for it', async () => {
    const plain = await epi(['org', 'switch', '739225']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).not.toMatch(/switch-[0-9a-f]{24}/);
    const asJson = await epi(['org', 'switch', '739225', '--json']);
    expect(JSON.parse(asJson.stdout).login_token).toMatch(/^switch-[0-9a-f]{24}$/);
    const stranger = await epi(['org', 'switch', '123']);
    expect(stranger.code).toBe(4);
  });

  it('org create signs up an org and its owner, who can then list it', async () => {
    const r = await epi(
      ['org', 'create', '--name', 'Neo Power', '--type', 'Partner', '--pricing-tier', 'essentials', '--email', 'hi@neo.example', '--owner-name', 'Nia Neo', '--owner-email', 'nia@neo.example', '--password-stdin', '--json'],
      { token: null, input: 'a-long-password' },
    );
    expect(r.code).toBe(0);
    const { organization, user } = JSON.parse(r.stdout);
    expect(fake.state.organizations.get(organization.id)).toMatchObject({ name: 'Neo Power', type: 'Partner' });
    expect(user).toMatchObject({ email: 'nia@neo.example', organization_id: organization.id });
    const list = await epi(['org', 'list', '--email', 'nia@neo.example', '--json', 'organization_name'], { token: null });
    expect(JSON.parse(list.stdout)).toEqual([{ organization_name: 'Neo Power' }]);
  });
});

describe('me, navigations', () => {
  it('epi me, then settings put/get/list/delete round-trip', async () => {
    const me = await epi(['me', '--json', 'id,email']);
    expect(JSON.parse(me.stdout)).toEqual({ id: '10001', email: 'admin@acme.example' });

    expect((await epi(['me', 'settings', 'put', 'calendar', 'visible_calendars', '{"calendar_ids":["holidays"]}'])).code).toBe(0);
    expect((await epi(['me', 'settings', 'put', 'ui', 'theme', 'dark'])).code).toBe(0);
    expect((await epi(['me', 'settings', 'get', 'ui', 'theme'])).stdout).toBe('dark\n');
    expect((await epi(['me', 'settings', 'list'])).stdout).toBe('calendar\tvisible_calendars\nui\ttheme\n');
    const del = await epi(['me', 'settings', 'delete', 'ui', 'theme', '--yes']);
    expect(del.code).toBe(0);
    expect((await epi(['me', 'settings', 'get', 'ui', 'theme'])).code).toBe(3);
  });

  it('passkeys list and delete', async () => {
    fake.state.passkeys.push({ user_id: '10001', credential_id: 'cred-1', friendly_name: 'Laptop', created_at: '2024-05-01T10:00:00.000Z', transports: ['internal'] });
    expect(JSON.parse((await epi(['me', 'passkeys', 'list', '--json', 'credential_id'])).stdout)).toEqual([{ credential_id: 'cred-1' }]);
    expect((await epi(['me', 'passkeys', 'delete', 'cred-1', '--yes'])).code).toBe(0);
    expect(fake.state.passkeys).toEqual([]);
  });

  it('navigations create from a file, then get it back', async () => {
    const file = join(dir, 'nav.json');
    writeFileSync(file, JSON.stringify({ name: 'Sales', configuration: { main: [{ key: 'dashboard' }, { name: 'Catalog', subItems: [{ key: 'product' }] }] } }));
    const created = await epi(['navigations', 'create', '--from-file', file, '--json', 'id']);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout);
    const got = await epi(['navigations', 'get', id]);
    expect(got.stdout.split('\n')).toContain('main\tdashboard,Catalog (product)');
  });
});
