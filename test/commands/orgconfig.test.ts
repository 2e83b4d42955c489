import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const ORG = 'https://organization-v2.sls.epilot.io';
const USER = 'https://user.sls.epilot.io';
const PERMS = 'https://permissions.sls.epilot.io';
const ORG_RECORD = { id: '739224', name: 'Acme Energy', type: 'Vendor', organization_use: 'Production' };
const ROLES = {
  roles: [
    { id: '739224:owner', slug: 'owner', name: 'Owner', type: 'user_role', organization_id: '739224', grants: [{ action: 'manage', resource: '*' }] },
    { id: '739224:sales', slug: 'sales', name: 'Sales', type: 'user_role', organization_id: '739224', grants: [{ action: 'entity-read', resource: 'entity:739224:deal:*' }] },
    { id: '739224:everyone', slug: 'everyone', name: 'Everyone', type: 'org_role', organization_id: '739224', grants: [] },
  ],
};
const GROUPS = { hits: 1, groups: [{ id: 'g1', org_id: '739224', name: 'Sales', created_at: '2026-01-01', updated_at: '2026-01-01', users: [{ id: '10001' }] }] };

/** The reads every export, diff and apply of a live org makes. */
function liveReads(settings: Record<string, unknown> = { lang: 'de' }, roles = ROLES, groups = GROUPS) {
  nock(ORG).get('/v2/organization/739224').reply(200, ORG_RECORD);
  nock(ORG).get('/v2/organization/739224/settings').reply(200, settings);
  nock(PERMS).get('/v1/permissions/roles').reply(200, roles);
  nock(USER).get('/v1/groups').query({ limit: 100 }).reply(200, groups);
}

const dir = () => join(mkdtempSync(join(tmpdir(), 'epi-orgconfig-')), 'org');

describe('epi export', () => {
  it('writes settings, the org\'s own user roles with {{org_id}}, and groups without volatile fields', async () => {
    liveReads();
    const out = dir();
    const r = await runEpi(['export', '--dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Exported 1 setting, 2 roles, 1 group of Acme Energy (739224, Production) to ${out}.`);
    expect(readFileSync(join(out, 'settings', 'lang.json'), 'utf8')).toBe('"de"\n');
    expect(JSON.parse(readFileSync(join(out, 'roles', 'sales.json'), 'utf8'))).toEqual({
      slug: 'sales',
      name: 'Sales',
      type: 'user_role',
      grants: [{ action: 'entity-read', resource: 'entity:{{org_id}}:deal:*' }],
    });
    expect(JSON.parse(readFileSync(join(out, 'groups', 'Sales.json'), 'utf8'))).toEqual({ name: 'Sales' });
    expect(JSON.parse(readFileSync(join(out, 'epi-export.json'), 'utf8'))).toMatchObject({ format: 1, kinds: ['settings', 'roles', 'groups'], with: [], source: { id: '739224', organization_use: 'Production' } });
  });

  it('rejects an unknown kind before any request, naming the flag', async () => {
    const r = await runEpi(['export', '--only', 'settings,users']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--only "users" is not one of: settings, roles, groups.');
  });
});

describe('epi diff and epi apply against a directory', () => {
  async function exported(settings: Record<string, unknown>, roles = ROLES, groups = GROUPS): Promise<string> {
    liveReads(settings, roles, groups);
    const out = dir();
    expect((await runEpi(['export', '--dir', out])).code).toBe(0);
    return out;
  }

  it('diff exits 0 with nothing on stdout when the org matches the directory', async () => {
    const out = await exported({ lang: 'de' });
    liveReads();
    const r = await runEpi(['diff', out, '@']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No differences in settings, roles, groups');
  });

  it('apply sends one request per change, each checked against the spec, and --prune never deletes the owner role', async () => {
    const out = await exported(
      { lang: 'en', big: 4915112345678901234n.toString() },
      { roles: [ROLES.roles[1]!] },
      { hits: 1, groups: [{ ...GROUPS.groups[0]!, name: 'Field Sales' }] },
    );
    // The number survives export exactly: the file holds the digits.
    writeFileSync(join(out, 'settings', 'hotline.json'), '4915112345678901234\n');
    liveReads({ lang: 'de', legacy: true });
    nock(ORG).put('/v2/organization/739224/settings/big', '"4915112345678901234"').reply(200, '"4915112345678901234"', { 'content-type': 'application/json' });
    // A string body spec is matched against the raw request text: the digits must arrive exactly.
    nock(ORG).put('/v2/organization/739224/settings/hotline', '4915112345678901234').reply(200, '4915112345678901234', { 'content-type': 'application/json' });
    nock(ORG).put('/v2/organization/739224/settings/lang', '"en"').reply(200, '"en"', { 'content-type': 'application/json' });
    nock(ORG).delete('/v2/organization/739224/settings/legacy').reply(200, {});
    nock(USER).post('/v1/groups', { name: 'Field Sales' }).reply(201, { id: 'g2', org_id: '739224', name: 'Field Sales', created_at: 'x', updated_at: 'x' });
    nock(USER).delete('/v1/groups/g1').reply(200, {});
    const r = await runEpi(['apply', out, '--prune', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Array<{ item: string; status: string }>;
    expect(report.map((x) => `${x.item}: ${x.status}`)).toEqual([
      'create setting big: done',
      'create setting hotline: done',
      'change setting lang: done',
      'delete setting legacy: done',
      'create group Field Sales: done',
      'delete group Sales: done',
    ]);
    // The owner role exists only in the target but is never deleted, and the plan says so nowhere as a deletion.
    expect(r.stderr).not.toContain('- owner');
    expect(r.requests.filter((q) => q.method === 'DELETE').map((q) => new URL(q.url).pathname)).toEqual(['/v2/organization/739224/settings/legacy', '/v1/groups/g1']);
  });

  it('apply --dry-run prints every planned request and sends nothing but the reads', async () => {
    const out = await exported({ lang: 'en' });
    liveReads({ lang: 'de' });
    const r = await runEpi(['apply', out, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: 'https://organization-v2.sls.epilot.io/v2/organization/739224/settings/lang', body: 'en' });
    expect(r.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('a failed change is reported, the others go on, and the exit is 1', async () => {
    const out = await exported({ a: 1, b: 2 });
    liveReads({});
    nock(ORG).put('/v2/organization/739224/settings/a').reply(500, { message: 'boom' });
    nock(ORG).put('/v2/organization/739224/settings/b').reply(200, '2', { 'content-type': 'application/json' });
    const r = await runEpi(['apply', out, '--yes', '--json', '--max-retries', '0']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Array<{ item: string; status: string; reason?: string }>;
    expect(report.map((x) => [x.item, x.status])).toEqual([
      ['create setting a', 'failed'],
      ['create setting b', 'done'],
    ]);
    expect(report[0]!.reason).toContain('boom');
  });
});

describe('partner roles (--with partner-roles)', () => {
  // 815000 is the partner organization: it may assign the installer role to its own users.
  const installer = {
    id: '739224:installer',
    slug: 'installer',
    name: 'Partner Installer',
    type: 'partner_role',
    organization_id: '739224',
    partner_org_id: '815000',
    grants: [
      { action: 'entity-read', resource: 'entity:739224:installation:*' },
      { action: 'entity-read', resource: 'entity:815000:contact:*' },
    ],
  };
  // A partner role naming the org itself as the partner: its id is {{org_id}} like any other.
  const selfService = { id: '739224:self-service', slug: 'self-service', name: 'Self Service', type: 'partner_role', organization_id: '739224', partner_org_id: '739224', grants: [] };
  // A partner role another org shares with this one: it is in the list, but not this org's configuration.
  const shared = { id: '815000:roofer', slug: 'roofer', name: 'Roofer', type: 'partner_role', organization_id: '815000', partner_org_id: '739224', grants: [] };
  const WITH_PARTNERS = { roles: [...ROLES.roles, installer, selfService, shared] };

  async function exportedWithPartners(roles = WITH_PARTNERS): Promise<string> {
    liveReads({ lang: 'de' }, roles);
    const out = dir();
    const r = await runEpi(['export', '--dir', out, '--with', 'partner-roles']);
    expect(r.code, r.stderr).toBe(0);
    return out;
  }
  const partnerFiles = (out: string) => readdirSync(join(out, 'partner-roles')).sort();

  it('export leaves partner roles out without --with partner-roles', async () => {
    liveReads({ lang: 'de' }, WITH_PARTNERS);
    const out = dir();
    const r = await runEpi(['export', '--dir', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Exported 1 setting, 2 roles, 1 group of Acme Energy (739224, Production) to ${out}.`);
    expect(existsSync(join(out, 'partner-roles'))).toBe(false);
    expect(readdirSync(join(out, 'roles')).sort()).toEqual(['owner.json', 'sales.json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ with: [], counts: { settings: 1, roles: 2, groups: 1 } });
  });

  it('export --with partner-roles writes partner-roles/<slug>.json: the org id as {{org_id}}, the partner org kept', async () => {
    liveReads({ lang: 'de' }, WITH_PARTNERS);
    const out = dir();
    const r = await runEpi(['export', '--dir', out, '--with', 'partner-roles', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Exported 1 setting, 2 roles, 2 partner roles, 1 group of Acme Energy (739224, Production) to ${out}.`);
    expect(JSON.parse(r.stdout)).toMatchObject({ with: ['partner-roles'], counts: { settings: 1, roles: 2, 'partner-roles': 2, groups: 1 } });
    expect(partnerFiles(out)).toEqual(['installer.json', 'self-service.json']);
    expect(readFileSync(join(out, 'partner-roles', 'installer.json'), 'utf8')).toBe(
      [
        '{',
        '  "grants": [',
        '    {',
        '      "action": "entity-read",',
        '      "resource": "entity:{{org_id}}:installation:*"',
        '    },',
        '    {',
        '      "action": "entity-read",',
        '      "resource": "entity:815000:contact:*"',
        '    }',
        '  ],',
        '  "name": "Partner Installer",',
        '  "partner_org_id": "815000",',
        '  "slug": "installer",',
        '  "type": "partner_role"',
        '}',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(readFileSync(join(out, 'partner-roles', 'self-service.json'), 'utf8'))).toMatchObject({ partner_org_id: '{{org_id}}' });
    // User roles stay in roles/, untouched by the option.
    expect(readdirSync(join(out, 'roles')).sort()).toEqual(['owner.json', 'sales.json']);
    expect(JSON.parse(readFileSync(join(out, 'epi-export.json'), 'utf8'))).toMatchObject({ with: ['partner-roles'] });

    // Exported again without the option, the partner roles go, as members do without --with members.
    liveReads({ lang: 'de' }, WITH_PARTNERS);
    expect((await runEpi(['export', '--dir', out])).code).toBe(0);
    expect(partnerFiles(out)).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'epi-export.json'), 'utf8'))).toMatchObject({ with: [] });
  });

  it('diff compares partner roles when both sides have them, under their own heading', async () => {
    const out = await exportedWithPartners();
    liveReads({ lang: 'de' }, WITH_PARTNERS);
    const same = await runEpi(['diff', out, '@']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toContain('No differences in settings, roles, partner-roles, groups');

    const changed = { ...installer, grants: [installer.grants[0]] };
    liveReads({ lang: 'de' }, { roles: [...ROLES.roles, changed, selfService] });
    const r = await runEpi(['diff', out, '@']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('partner-roles\n  ~ installer\n      grants:\n');
    expect(r.stdout).toContain('+    "resource": "entity:815000:contact:*"');
    expect(r.stdout).not.toMatch(/^roles$/m);
    expect(r.stderr).toContain('1 difference: 0 only in');

    // A live side read without the option has no partner roles: they are not compared, not "only in the directory".
    liveReads({ lang: 'de' }, WITH_PARTNERS);
    const live = await runEpi(['diff', '@', '@']);
    expect(live.code).toBe(0);
    expect(live.stderr).toContain('No differences in settings, roles, groups');
  });

  it('apply creates (POST), changes (PUT, the whole role) and with --prune deletes partner roles, each request checked against the spec', async () => {
    const out = await exportedWithPartners();
    writeFileSync(join(out, 'partner-roles', 'planner.json'), JSON.stringify({ slug: 'planner', name: 'Planner', type: 'partner_role', partner_org_id: '815000', grants: [{ action: 'entity-read', resource: 'entity:{{org_id}}:project:*' }] }));
    const legacy = { id: '739224:legacy', slug: 'legacy', name: 'Legacy', type: 'partner_role', organization_id: '739224', partner_org_id: '815000', grants: [] };
    liveReads({ lang: 'de' }, { roles: [...ROLES.roles, { ...installer, name: 'Installer (old)' }, selfService, legacy, shared] });
    nock(PERMS)
      .post('/v1/permissions/roles', { slug: 'planner', name: 'Planner', type: 'partner_role', partner_org_id: '815000', grants: [{ action: 'entity-read', resource: 'entity:739224:project:*' }] })
      .reply(200, { id: '739224:planner', slug: 'planner', name: 'Planner', type: 'partner_role', organization_id: '739224', partner_org_id: '815000', grants: [] });
    nock(PERMS)
      .put('/v1/permissions/roles/739224%3Ainstaller', { id: '739224:installer', organization_id: '739224', slug: 'installer', name: 'Partner Installer', type: 'partner_role', partner_org_id: '815000', grants: installer.grants })
      .reply(200, installer);
    nock(PERMS).delete('/v1/permissions/roles/739224%3Alegacy').reply(200, legacy);
    const r = await runEpi(['apply', out, '--prune', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('partner-roles\n  ~ installer\n      name: "Installer (old)" → "Partner Installer"\n  - legacy\n  + planner\n');
    expect(r.stderr).toContain('1 to create, 1 to change, 1 to delete.');
    const report = JSON.parse(r.stdout) as Array<{ item: string; status: string }>;
    expect(report.map((x) => `${x.item}: ${x.status}`)).toEqual(['change partner role installer: done', 'delete partner role legacy: done', 'create partner role planner: done']);
  });

  it('apply without --prune keeps partner roles only in the target, and says so', async () => {
    const out = await exportedWithPartners({ roles: [...ROLES.roles, installer] });
    liveReads({ lang: 'de' }, WITH_PARTNERS);
    const r = await runEpi(['apply', out, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('  - self-service  (only in the target; kept without --prune)');
    expect(r.stderr).toContain('0 to create, 0 to change, 0 to delete (1 only in the target, kept: --prune deletes them).');
    expect(r.stderr).toContain('No changes.');
  });

  it('--map-org maps a partner org id everywhere in the roles before the plan, and a second apply sends nothing', async () => {
    const out = await exportedWithPartners({ roles: [...ROLES.roles, installer] });
    const mapped = { ...installer, partner_org_id: '815999', grants: [installer.grants[0]!, { action: 'entity-read', resource: 'entity:815999:contact:*' }] };
    liveReads({ lang: 'de' }, { roles: [...ROLES.roles, installer] });
    const dry = await runEpi(['apply', out, '--map-org', '815000=815999', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('      partner_org_id: "815000" → "815999"');
    expect(JSON.parse(dry.stdout)).toMatchObject({
      method: 'PUT',
      url: 'https://permissions.sls.epilot.io/v1/permissions/roles/739224%3Ainstaller',
      body: { partner_org_id: '815999', grants: mapped.grants },
    });
    expect(dry.requests.every((q) => q.method === 'GET')).toBe(true);

    liveReads({ lang: 'de' }, { roles: [...ROLES.roles, mapped] });
    const again = await runEpi(['apply', out, '--map-org', '815000=815999', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('No changes.');

    liveReads({ lang: 'de' }, { roles: [...ROLES.roles, mapped] });
    const diff = await runEpi(['diff', out, '@', '--map-org', '815000=815999']);
    expect(diff.code, diff.stderr).toBe(0);
  });

  it.each([
    [['--map-org', '815000'], '--map-org "815000" is not <from>=<to>, two organization ids such as 728500=739500.'],
    [['--map-org', '815000=81{{x}}'], '--map-org "815000=81{{x}}" is not <from>=<to>'],
    [['--map-org', '=815999'], '--map-org "=815999" is not <from>=<to>'],
    [['--map-org', '815000=815000'], '--map-org "815000=815000" maps organization 815000 to itself; leave it out.'],
    [['--map-org', '815000=1', '--map-org', '815000=2'], '--map-org "815000=2" maps organization 815000 a second time (--map-org 815000=1 came first); give one target per organization.'],
  ])('apply %j is a usage error naming the flag and value, before any request', async (flags, message) => {
    const r = await runEpi(['apply', dir(), ...flags, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('See `epi apply --help` for --map-org.');
    expect(r.requests).toEqual([]);
  });

  it('a --map-org of the source org itself, or of an org no role names, is a usage error before any request', async () => {
    const out = await exportedWithPartners({ roles: [...ROLES.roles, installer] });
    const own = await runEpi(['apply', out, '--map-org', '739224=739225', '--yes']);
    expect(own.code).toBe(2);
    expect(own.stderr).toContain(`--map-org 739224=739225: 739224 is the source organization itself (${out}); its id is {{org_id}} and always becomes the target's.`);
    expect(own.stderr).toContain('--map-org maps other organizations, such as a partner; leave this one out.');
    expect(own.requests).toEqual([]);

    const typo = await runEpi(['diff', out, '@', '--map-org', '815001=815999']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`--map-org 815001=815999: no role of ${out} names organization 815001.`);
    expect(typo.stderr).toContain('Check the id against the partner_org_id and grants in the role files.');
    expect(typo.requests).toEqual([]);
  });

  it('checks partner role files before sending: type and directory, fields of the type, one slug namespace with roles/', async () => {
    const out = await exportedWithPartners();
    writeFileSync(join(out, 'partner-roles', 'sales.json'), JSON.stringify({ slug: 'sales', name: 'Sales partner', type: 'partner_role', partner_org_id: '815000', grants: [] }));
    writeFileSync(join(out, 'partner-roles', 'planner.json'), JSON.stringify({ slug: 'planner', name: 'Planner', type: 'partner_role', grants: [], parent_role: '{{org_id}}:owner' }));
    writeFileSync(join(out, 'roles', 'helper.json'), JSON.stringify({ slug: 'helper', name: 'Helper', type: 'partner_role', partner_org_id: '815000', grants: [] }));
    writeFileSync(join(out, 'partner-roles', 'broken.json'), '{"slug": "broken",');
    const r = await runEpi(['apply', out, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has 5 problems; nothing was sent');
    expect(r.stderr).toContain(`${join(out, 'partner-roles', 'broken.json')}: not valid JSON`);
    expect(r.stderr).toContain(`${join(out, 'partner-roles', 'planner.json')}: unknown field "parent_role" (known: slug, name, type, grants, expires_at, partner_org_id)`);
    expect(r.stderr).toContain(`${join(out, 'partner-roles', 'sales.json')}: claims the same slug "sales" as ${join(out, 'roles', 'sales.json')}`);
    expect(r.stderr).toContain(`${join(out, 'roles', 'helper.json')}: unknown field "partner_org_id" (known: slug, name, type, grants, expires_at, parent_role)`);
    expect(r.stderr).toContain(`${join(out, 'roles', 'helper.json')}: type "partner_role" does not belong in roles/, which holds user_role (partner roles go in partner-roles/, exported with --with partner-roles)`);
    expect(r.requests).toEqual([]);
  });

  it('the help of export, diff and apply shows partner roles and --map-org', async () => {
    expect((await runEpi(['export', '--help'])).stdout).toContain('epi --profile local-sandbox export --dir sandbox/ --with partner-roles');
    const diff = (await runEpi(['diff', '--help'])).stdout;
    expect(diff).toContain('--map-org <from=to>');
    expect(diff).toContain('epi diff @sandbox @prod --with partner-roles --map-org 728500=739500');
    expect((await runEpi(['apply', '--help'])).stdout).toContain('epi --profile prod apply sandbox/ --map-org 728500=739500');
  });
});
