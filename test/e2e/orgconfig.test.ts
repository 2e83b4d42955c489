/**
 * Configuration as code against the built binary: a sandbox org and an empty production org in
 * the loopback fake, each behind its own profile. Export, apply, export again, diff, change three
 * things, diff, apply --dry-run, apply, apply again; then the same for partner roles.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const SANDBOX = '800001';
const PROD = '739224';
/** The installer company both orgs work with: it may assign their partner roles to its own users. */
const PARTNER = '815000';
let fake: FakeServer;
let home: string;

beforeAll(async () => {
  fake = await startFakeServer();
  const s = fake.state;
  s.organizations.set(SANDBOX, { id: SANDBOX, name: 'Acme Sandbox', type: 'Vendor', organization_use: 'Sandbox', parent_production_org_id: PROD });
  s.users.push(
    { id: '50001', organization_id: SANDBOX, email: 'sam@acme.example', display_name: 'Sam', status: 'Active' },
    { id: '50002', organization_id: SANDBOX, email: 'Kim@Acme.example', display_name: 'Kim', status: 'Active' },
    // The same people in production, under other ids.
    { id: '10002', organization_id: PROD, email: 'sam@acme.example', display_name: 'Sam', status: 'Active' },
    { id: '10003', organization_id: PROD, email: 'kim@acme.example', display_name: 'Kim', status: 'Active' },
  );
  s.settings.set(SANDBOX, { default_language: 'de', double_opt_in: { enabled: true, reminder_days: [1, 3] }, hotline: '+49 221 555', 'odd key/with space': 1 });
  s.settings.set(PROD, {});
  s.roles.push(
    { id: `${SANDBOX}:owner`, slug: 'owner', name: 'Owner', type: 'org_role', organization_id: SANDBOX, grants: [{ action: 'manage', resource: '*' }] },
    {
      id: `${SANDBOX}:sales`,
      slug: 'sales',
      name: 'Sales',
      type: 'user_role',
      organization_id: SANDBOX,
      grants: [
        { action: 'entity-read', resource: `entity:${SANDBOX}:opportunity:*`, effect: 'allow' },
        { action: 'entity-edit', resource: 'entity:*:opportunity:*', effect: 'allow' },
      ],
    },
    { id: `${SANDBOX}:viewer`, slug: 'viewer', name: 'Viewer', type: 'user_role', organization_id: SANDBOX, grants: [{ action: 'entity-read', resource: '*', effect: 'allow' }] },
  );
  s.roles.push(
    {
      id: `${SANDBOX}:installation-partner`,
      slug: 'installation-partner',
      name: 'Installation Partner',
      type: 'partner_role',
      organization_id: SANDBOX,
      partner_org_id: PARTNER,
      grants: [{ action: 'entity-read', resource: `entity:${SANDBOX}:installation:*`, effect: 'allow' }],
    },
    // The org as its own partner: mapped to the target like every org id.
    { id: `${SANDBOX}:self-service`, slug: 'self-service', name: 'Self Service', type: 'partner_role', organization_id: SANDBOX, partner_org_id: SANDBOX, grants: [] },
    // Another vendor's partner role for the sandbox: in the sandbox's role list, not its configuration.
    { id: '900100:roofer', slug: 'roofer', name: 'Roofer', type: 'partner_role', organization_id: '900100', partner_org_id: SANDBOX, grants: [] },
  );
  s.groups.push({ id: 'g-sbx-1', org_id: SANDBOX, name: 'Sales Team', user_ids: ['50001', '50002'], abbreviation: 'ST', image_uri: { gradient_colors: ['#ff8800', '#ffffff'] }, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' });

  home = mkdtempSync(join(tmpdir(), 'epi-e2e-orgconfig-'));
  const urls = { organization_api_url: fake.url, user_api_url: fake.url, partner_directory_api_url: fake.url, permissions_api_url: fake.url };
  mkdirSync(join(home, 'epi'), { mode: 0o700 });
  writeFileSync(
    join(home, 'epi', 'config.json'),
    JSON.stringify({
      profiles: {
        sandbox: { ...urls, token: makeToken({ 'custom:ivy_org_id': SANDBOX, 'custom:ivy_user_id': '50001' }) },
        prod: { ...urls, token: makeToken({ 'custom:ivy_org_id': PROD, 'custom:ivy_user_id': '10001' }) },
      },
    }),
    { mode: 0o600 },
  );
});
afterAll(() => fake.close());

const epi = (args: string[]) => runBin(args, { env: { EPI_CONFIG_DIR: join(home, 'epi'), XDG_STATE_HOME: join(home, 'state') } });
const writes = () => fake.requests.filter((r) => r.method !== 'GET');
const files = (dir: string) =>
  Object.fromEntries(
    ['settings', 'roles', 'partner-roles', 'groups']
      .filter((kind) => existsSync(join(dir, kind)))
      .flatMap((kind) => readdirSync(join(dir, kind)).map((f) => [`${kind}/${f}`, readFileSync(join(dir, kind, f), 'utf8')])),
  );

/** Production exported with these extras has the sandbox's files, and diff finds nothing in what it compares. */
async function expectProdMatches(sandboxDir: string, prodDir: string, extras: string, compared: string): Promise<void> {
  const exported = await epi(['--profile', 'prod', 'export', '--dir', prodDir, '--with', extras]);
  expect(exported.code, exported.stderr).toBe(0);
  expect(files(prodDir)).toEqual(files(sandboxDir));
  const same = await epi(['diff', '@sandbox', '@prod', '--with', extras]);
  expect(same.code, same.stderr).toBe(0);
  expect(same.stdout).toBe('');
  expect(same.stderr).toContain(`No differences in ${compared} between @sandbox`);
}

/** `diff @sandbox @prod --json` (exit 1) as [kind, action, name, changed fields] per change. */
async function changedFields(args: string[]): Promise<unknown[]> {
  const diff = await epi(['diff', '@sandbox', '@prod', ...args, '--json']);
  expect(diff.code, diff.stderr).toBe(1);
  const changes = JSON.parse(diff.stdout) as Array<{ kind: string; action: string; name: string; fields: Array<{ field: string }> }>;
  return changes.map((c) => [c.kind, c.action, c.name, c.fields.map((f) => f.field)]);
}

/** A second apply of the same directory finds nothing to do and sends nothing. */
async function expectSecondApplyIdle(dir: string): Promise<void> {
  fake.requests.length = 0;
  const again = await epi(['--profile', 'prod', 'apply', dir, '--yes']);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toContain('No changes.');
  expect(writes()).toEqual([]);
}

describe('export, diff and apply between a sandbox and production', () => {
  const sbx = () => join(home, 'sandbox');
  const prod = () => join(home, 'prod');

  it('exports the sandbox: one file per resource, org ids as placeholders, no volatile fields', async () => {
    const r = await epi(['--profile', 'sandbox', 'export', '--dir', sbx(), '--with', 'members']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Exported 4 settings, 2 roles, 1 group of Acme Sandbox (${SANDBOX}, Sandbox) to ${sbx()}.`);
    expect(Object.keys(files(sbx())).sort()).toEqual([
      'groups/Sales%20Team.json',
      'roles/sales.json',
      'roles/viewer.json',
      'settings/default_language.json',
      'settings/double_opt_in.json',
      'settings/hotline.json',
      'settings/odd%20key%2Fwith%20space.json',
    ]);
    expect(JSON.parse(readFileSync(join(sbx(), 'roles', 'sales.json'), 'utf8'))).toEqual({
      slug: 'sales',
      name: 'Sales',
      type: 'user_role',
      grants: [
        { action: 'entity-read', resource: 'entity:{{org_id}}:opportunity:*', effect: 'allow' },
        { action: 'entity-edit', resource: 'entity:*:opportunity:*', effect: 'allow' },
      ],
    });
    expect(readFileSync(join(sbx(), 'groups', 'Sales%20Team.json'), 'utf8')).toBe(
      '{\n  "abbreviation": "ST",\n  "gradient_colors": [\n    "#ff8800",\n    "#ffffff"\n  ],\n  "members": [\n    "kim@acme.example",\n    "sam@acme.example"\n  ],\n  "name": "Sales Team"\n}\n',
    );
    // Two exports of an unchanged org are byte-identical.
    const before = files(sbx());
    expect((await epi(['--profile', 'sandbox', 'export', '--dir', sbx(), '--with', 'members'])).code).toBe(0);
    expect(files(sbx())).toEqual(before);
  });

  it('applies it to the empty production org, and exporting production gives the same files', async () => {
    fake.requests.length = 0;
    const refused = await epi(['--profile', 'prod', 'apply', sbx()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`This needs confirmation: Apply 7 changes to the PRODUCTION organization "Acme Energy" (${PROD}, Production)?`);
    expect(writes()).toEqual([]);

    const applied = await epi(['--profile', 'prod', 'apply', sbx(), '--yes', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('7 to create, 0 to change, 0 to delete.');
    const report = JSON.parse(applied.stdout) as Array<{ item: string; status: string }>;
    expect(report.map((r) => r.status)).toEqual(Array(7).fill('done'));
    expect(fake.state.roles.find((r) => r.id === `${PROD}:sales`)?.grants[0].resource).toBe(`entity:${PROD}:opportunity:*`);
    const group = fake.state.groups.find((g) => g.org_id === PROD && g.name === 'Sales Team');
    expect(group?.user_ids.sort()).toEqual(['10002', '10003']);

    await expectProdMatches(sbx(), prod(), 'members', 'settings, roles, groups');
  });

  it('diff shows exactly the three changes made in the sandbox; apply sends exactly three writes, then none', async () => {
    const s = fake.state;
    s.settings.get(SANDBOX)!.hotline = '+49 221 999';
    s.roles.find((r) => r.id === `${SANDBOX}:viewer`)!.grants.push({ action: 'entity-delete', resource: '*', effect: 'deny' });
    s.groups.find((g) => g.id === 'g-sbx-1')!.abbreviation = 'SX';

    expect(await changedFields([])).toEqual([
      ['settings', 'change', 'hotline', ['']],
      ['roles', 'change', 'viewer', ['grants']],
      ['groups', 'change', 'Sales Team', ['abbreviation']],
    ]);
    const text = await epi(['diff', '@sandbox', '@prod']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('  ~ hotline\n      value: "+49 221 555" → "+49 221 999"');
    expect(text.stdout).toContain('+    "action": "entity-delete",');
    expect(text.stdout).toContain('      abbreviation: "ST" → "SX"');
    expect(text.stderr).toContain('3 differences: 0 only in @sandbox');

    expect((await epi(['--profile', 'sandbox', 'export', '--dir', sbx(), '--with', 'members'])).code).toBe(0);
    fake.requests.length = 0;
    const dry = await epi(['--profile', 'prod', 'apply', sbx(), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(writes()).toEqual([]);
    const plans = dry.stdout.trim().split('\n').map((l) => JSON.parse(l) as { method: string; url: string });
    expect(plans.map((p) => `${p.method} ${new URL(p.url).pathname}`)).toEqual([
      `PUT /v2/organization/${PROD}/settings/hotline`,
      `PUT /v1/permissions/roles/${PROD}%3Aviewer`,
      `PATCH /v1/groups/${fake.state.groups.find((g) => g.org_id === PROD)!.id}`,
    ]);

    const applied = await epi(['--profile', 'prod', 'apply', sbx(), '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(writes().map((w) => w.method)).toEqual(['PUT', 'PUT', 'PATCH']);

    await expectSecondApplyIdle(sbx());
  });

  it('checks a directory before anything is sent, listing every problem with its path', async () => {
    const dir = join(home, 'broken');
    expect((await epi(['--profile', 'sandbox', 'export', '--dir', dir])).code).toBe(0);
    writeFileSync(join(dir, 'settings', 'hotline.json'), '{"oops":');
    writeFileSync(join(dir, 'roles', 'copy.json'), JSON.stringify({ slug: 'Sales', name: 'Copy', type: 'user_role', grants: [] }));
    writeFileSync(join(dir, 'roles', 'viewer.json'), JSON.stringify({ slug: 'viewer', name: 'Viewer', type: 'user_role', grants: [], colour: 'red' }));
    writeFileSync(join(dir, 'groups', 'x.json'), JSON.stringify({ name: 'X', members: ['{{team_lead}}@acme.example'] }));
    fake.requests.length = 0;
    const r = await epi(['--profile', 'prod', 'apply', dir, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has 4 problems; nothing was sent');
    expect(r.stderr).toContain(`${join(dir, 'settings', 'hotline.json')}: not valid JSON`);
    expect(r.stderr).toContain(`${join(dir, 'roles', 'sales.json')}: claims the same slug "sales" as ${join(dir, 'roles', 'copy.json')}`);
    expect(r.stderr).toContain(`${join(dir, 'roles', 'viewer.json')}: unknown field "colour"`);
    expect(r.stderr).toContain(`${join(dir, 'groups', 'x.json')}: placeholder {{team_lead}} cannot be mapped`);
    expect(writes()).toEqual([]);

    writeFileSync(join(dir, 'epi-export.json'), JSON.stringify({ format: 99, epi_version: '9.0.0', kinds: ['settings'] }));
    const newer = await epi(['diff', dir, '@prod']);
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain('was written by a newer epi (9.0.0, layout 99)');
  });

  it('refuses to compare two profiles through one EPILOT_TOKEN', async () => {
    const r = await runBin(['diff', '@sandbox', '@prod'], { env: { EPI_CONFIG_DIR: join(home, 'epi'), EPILOT_TOKEN: makeToken() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('EPILOT_TOKEN is set, so @sandbox and @prod would both use its token');
  });
});

describe('partner roles between the sandbox and production (--with partner-roles)', () => {
  const sbx = () => join(home, 'sandbox-partners');
  const prod = () => join(home, 'prod-partners');
  const partnerRole = (org: string, slug: string) => fake.state.roles.find((r) => r.id === `${org}:${slug}`);

  it('exports the sandbox with its partner roles: the org id as {{org_id}}, the partner org as it is', async () => {
    const r = await epi(['--profile', 'sandbox', 'export', '--dir', sbx(), '--with', 'partner-roles']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Exported 4 settings, 2 roles, 2 partner roles, 1 group of Acme Sandbox (${SANDBOX}, Sandbox) to ${sbx()}.`);
    expect(readdirSync(join(sbx(), 'partner-roles')).sort()).toEqual(['installation-partner.json', 'self-service.json']);
    expect(JSON.parse(readFileSync(join(sbx(), 'partner-roles', 'installation-partner.json'), 'utf8'))).toEqual({
      slug: 'installation-partner',
      name: 'Installation Partner',
      type: 'partner_role',
      partner_org_id: PARTNER,
      grants: [{ action: 'entity-read', resource: 'entity:{{org_id}}:installation:*', effect: 'allow' }],
    });
    expect(JSON.parse(readFileSync(join(sbx(), 'partner-roles', 'self-service.json'), 'utf8'))).toMatchObject({ partner_org_id: '{{org_id}}' });
  });

  it('applies them to production (exactly two creates), and exporting production gives the same files', async () => {
    fake.requests.length = 0;
    const applied = await epi(['--profile', 'prod', 'apply', sbx(), '--yes', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('partner-roles\n  + installation-partner\n  + self-service\n');
    expect(applied.stderr).toContain('2 to create, 0 to change, 0 to delete.');
    expect((JSON.parse(applied.stdout) as Array<{ item: string; status: string }>).map((x) => `${x.item}: ${x.status}`)).toEqual([
      'create partner role installation-partner: done',
      'create partner role self-service: done',
    ]);
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1/permissions/roles', 'POST /v1/permissions/roles']);
    expect(partnerRole(PROD, 'installation-partner')).toMatchObject({ type: 'partner_role', partner_org_id: PARTNER, grants: [{ resource: `entity:${PROD}:installation:*` }] });
    expect(partnerRole(PROD, 'self-service')).toMatchObject({ type: 'partner_role', partner_org_id: PROD });

    await expectProdMatches(sbx(), prod(), 'partner-roles', 'settings, roles, partner-roles, groups');
  });

  it('one changed grant: diff shows exactly that, apply sends exactly that PUT, a second apply sends none', async () => {
    partnerRole(SANDBOX, 'installation-partner')!.grants.push({ action: 'entity-edit', resource: `entity:${SANDBOX}:installation:*`, effect: 'allow' });
    expect(await changedFields(['--with', 'partner-roles'])).toEqual([['roles', 'change', 'installation-partner', ['grants']]]);
    const text = await epi(['diff', '@sandbox', '@prod', '--with', 'partner-roles']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('partner-roles\n  ~ installation-partner\n      grants:\n');
    expect(text.stdout).toContain('+    "action": "entity-edit",');
    expect(text.stderr).toContain('1 difference: 0 only in @sandbox');

    expect((await epi(['--profile', 'sandbox', 'export', '--dir', sbx(), '--with', 'partner-roles'])).code).toBe(0);
    fake.requests.length = 0;
    const applied = await epi(['--profile', 'prod', 'apply', sbx(), '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('0 to create, 1 to change, 0 to delete.');
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/permissions/roles/${PROD}%3Ainstallation-partner`]);
    expect(writes()[0]!.body).toMatchObject({ type: 'partner_role', partner_org_id: PARTNER, organization_id: PROD, grants: [{ action: 'entity-read' }, { action: 'entity-edit', resource: `entity:${PROD}:installation:*` }] });

    await expectSecondApplyIdle(sbx());
  });

  it('--map-org plans the partner org of the target; a bad value is exit 2 naming the flag, and nothing is sent', async () => {
    fake.requests.length = 0;
    const dry = await epi(['--profile', 'prod', 'apply', sbx(), '--map-org', `${PARTNER}=815999`, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('  ~ installation-partner\n      partner_org_id: "815000" → "815999"');
    const plans = dry.stdout.trim().split('\n').map((l) => JSON.parse(l) as { method: string; url: string; body: { partner_org_id: string } });
    expect(plans.map((p) => `${p.method} ${new URL(p.url).pathname} ${p.body.partner_org_id}`)).toEqual([`PUT /v1/permissions/roles/${PROD}%3Ainstallation-partner 815999`]);

    const bad = await epi(['--profile', 'prod', 'apply', sbx(), '--map-org', `${PARTNER}:815999`, '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--map-org "${PARTNER}:815999" is not <from>=<to>`);
    expect(bad.stderr).toContain('See `epi apply --help` for --map-org.');
    expect(writes()).toEqual([]);
  });
});
