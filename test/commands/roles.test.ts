import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { expectOwnerRefused, expectSecondRowRefused, ownerHolders, slowOwnerRemoval } from '../helpers/owner-guard.js';
import { runEpi, tempConfigDir } from '../helpers/run.js';

const PERMS = 'https://permissions.sls.epilot.io';
const PARTNERS = 'https://partner-directory-api.sls.epilot.io';

const SALES = {
  id: '739224:sales',
  name: 'Sales',
  slug: 'sales',
  type: 'user_role',
  organization_id: '739224',
  grants: [
    { action: 'entity-read', resource: 'entity:739224:contact:*', effect: 'allow' },
    {
      action: 'entity-delete',
      effect: 'deny',
      conditions: [{ attribute: 'workflows.primary.task_name', operation: 'equals', values: ['Qualification', 'Won'] }],
    },
  ],
};
const OWNER = { id: '739224:owner', name: 'Owner', slug: 'owner', type: 'org_role', organization_id: '739224', grants: [{ action: '*' }] };
const PARTNER_ROLE = { id: '456789:partner_sales', slug: 'partner_sales', name: 'Partner Sales', type: 'share_role', grants: [{ action: 'entity-read', resource: 'entity:*:opportunity:*', effect: 'allow' }] };

const file = (content: unknown) => {
  const path = join(tempConfigDir(), 'role.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('epi roles list', () => {
  it('prints the roles unwrapped from {roles} as a JSON array', async () => {
    nock(PERMS).get('/v1/permissions/roles').matchHeader('authorization', /^Bearer ey/).reply(200, { roles: [SALES, OWNER] });
    const r = await runEpi('roles list --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([SALES, OWNER]);
    expect(r.stderr).toBe('');
  });

  it('keeps only the requested --json fields', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES] });
    const r = await runEpi('roles list --json id,name');
    expect(JSON.parse(r.stdout)).toEqual([{ id: '739224:sales', name: 'Sales' }]);
  });

  it('prints id, name, type and number of grants as TSV when piped', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES, OWNER] });
    const r = await runEpi('roles list');
    expect(r.stdout).toBe('739224:sales\tSales\tuser_role\t2\n739224:owner\tOwner\torg_role\t1\n');
  });

  it('draws a table with ID, Name, Type and Grants on a terminal', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES] });
    const r = await runEpi('roles list', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^ID\s+Name\s+Type\s+Grants/m);
    expect(r.stdout).toMatch(/^739224:sales\s+Sales\s+user_role\s+2/m);
  });

  it('--type filters the roles', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES, OWNER] });
    const r = await runEpi('roles list --type org_role --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: '739224:owner' }]);
  });

  it('prints [] when there are none', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [] });
    const r = await runEpi('roles list --json');
    expect(r.stdout).toBe('[]\n');
  });

  it('rejects an unknown --type with exit 2 before any request', async () => {
    const r = await runEpi('roles list --type admin_role');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--type "admin_role" is not one of: user_role, org_role, share_role, partner_role, portal_role');
    expect(r.requests).toEqual([]);
  });

  it('--partner lists a partner organization\'s roles through the Partner Directory API', async () => {
    nock(PARTNERS).get('/v2/partners/456789/roles').reply(200, { results: [PARTNER_ROLE] });
    const r = await runEpi('roles list --partner 456789');
    expect(r.stdout).toBe('456789:partner_sales\tPartner Sales\tshare_role\t1\n');
  });

  it('exits 4 on 401 and 1 on 500', async () => {
    nock(PERMS).get('/v1/permissions/roles').reply(401, { message: 'Unauthorized' });
    const denied = await runEpi('roles list');
    expect(denied.code).toBe(4);
    expect(denied.stderr).toContain('Set EPILOT_TOKEN to a fresh token');
    nock(PERMS).get('/v1/permissions/roles').reply(500, { message: 'boom' });
    const failed = await runEpi('roles list --max-retries 0');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('boom');
    expect(failed.stdout).toBe('');
  });

  it('--help says which API each form uses', async () => {
    const r = await runEpi('roles list --help');
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('(Permissions API: GET /v1/permissions/roles)');
    expect(help).toContain("With --partner, list a partner organization's roles (Partner Directory API: GET /v2/partners/{orgId}/roles)");
    const noun = (await runEpi('roles --help')).stdout.replace(/\s+/g, ' ');
    expect(noun).toContain('act on that partner organization\'s roles through the Partner Directory API');
  });
});

describe('epi roles search', () => {
  it('sends the filters and a limit, but no offset on the first page', async () => {
    nock(PERMS)
      .post('/v1/permissions/roles:search', { query: 'sales', slugs: ['sales', 'owner'], role_ids: ['1:x'], org_ids: ['739224'], limit: 50 })
      .reply(200, { hits: 1, results: [SALES] });
    const r = await runEpi('roles search -q sales --slug sales,owner --id 1:x --in-org 739224 --json id');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: '739224:sales' }]);
  });

  it('--all follows pages with offset in the body until hits are reached', async () => {
    const page = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ ...SALES, id: `739224:r${from + i}`, slug: `r${from + i}` }));
    nock(PERMS).post('/v1/permissions/roles:search', { limit: 100 }).reply(200, { hits: 150, results: page(100, 0) });
    nock(PERMS).post('/v1/permissions/roles:search', { limit: 100, offset: 100 }).reply(200, { hits: 150, results: page(50, 100) });
    const r = await runEpi('roles search --all --json id');
    expect(JSON.parse(r.stdout)).toHaveLength(150);
    expect(r.requests.map((q) => q.body)).toEqual([{ limit: 100 }, { limit: 100, offset: 100 }]);
  });

  it('--limit stops early with a warning; --ndjson streams one role per line', async () => {
    nock(PERMS).post('/v1/permissions/roles:search', { limit: 1 }).reply(200, { hits: 2, results: [SALES] });
    const r = await runEpi('roles search --limit 1 --ndjson');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['739224:sales']);
    expect(r.stderr).toContain('Showing 1 of 2 records');
  });
});

describe('epi roles get', () => {
  it('shows the role and its grants as a table on a terminal', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi('roles get 739224:sales', { tty: true, env: { NO_COLOR: '1', COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Slug\s+sales$/m);
    expect(r.stdout).toMatch(/^Effect\s+Action\s+Resource\s+Conditions/m);
    expect(r.stdout).toMatch(/^allow\s+entity-read\s+entity:739224:contact:\*\s+-/m);
    expect(r.stdout).toMatch(/^deny\s+entity-delete\s+-\s+workflows\.primary\.task_name = Qualification\|Won/m);
  });

  it('prints key/value lines then one TSV row per grant when piped', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi('roles get 739224:sales');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('ID\t739224:sales');
    expect(lines).toContain('Grants\t2');
    expect(lines.slice(-2)).toEqual(['allow\tentity-read\tentity:739224:contact:*\t', 'deny\tentity-delete\t\tworkflows.primary.task_name = Qualification|Won']);
  });

  it('prints the role unchanged with --json, grants included', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi('roles get 739224:sales --json');
    expect(JSON.parse(r.stdout)).toEqual(SALES);
  });

  it('says so on stderr when a role has no grants', async () => {
    nock(PERMS).get('/v1/permissions/roles/1%3Aempty').reply(200, { ...SALES, id: '1:empty', grants: [] });
    const r = await runEpi('roles get 1:empty');
    expect(r.stderr).toBe('This role has no grants.\n');
  });

  it('exits 3 for a role that does not exist', async () => {
    nock(PERMS).get('/v1/permissions/roles/1%3Anope').reply(404, { message: 'Role not found' });
    const r = await runEpi('roles get 1:nope');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Role not found');
  });
});

describe('epi roles create', () => {
  it('splits each grant at the first colon only, so resources keep their colons', async () => {
    nock(PERMS)
      .post('/v1/permissions/roles', {
        type: 'user_role',
        name: 'Sales',
        slug: 'sales',
        grants: [
          { action: 'entity-read', resource: 'entity:739224:contact:f7c22299-ca72', effect: 'allow' },
          { action: 'entity-view', effect: 'allow' },
          { action: 'entity-delete', resource: 'entity:*:contact:*', effect: 'deny' },
        ],
      })
      .reply(200, SALES);
    const r = await runEpi([
      'roles', 'create', '--name', 'Sales', '--slug', 'sales',
      '--grant', 'entity-read:entity:739224:contact:f7c22299-ca72', '--grant', 'entity-view', '--deny', 'entity-delete:entity:*:contact:*', '--json', 'id',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224:sales' });
    expect(r.stderr).toBe('Created role 739224:sales.\n');
  });

  it('sends --type, --parent-role and --expires-at as an ISO date-time', async () => {
    nock(PERMS)
      .post('/v1/permissions/roles', { type: 'user_role', name: 'Temp', slug: 'temp-1', grants: [], parent_role: '739224:owner', expires_at: '2028-07-21T00:00:00.000Z' })
      .reply(200, { ...SALES, id: '739224:temp-1' });
    const r = await runEpi('roles create --name Temp --slug temp-1 --type user_role --parent-role 739224:owner --expires-at 2028-07-21');
    expect(r.code).toBe(0);
  });

  it.each([
    [['--slug', 'bad slug!'], '--slug "bad slug!" is not a valid role slug'],
    [['--grant', ':entity:*'], '--grant ":entity:*" has no action'],
    [['--deny', 'entity-read:'], '--deny "entity-read:" has an empty resource'],
    [['--type', 'boss_role'], '--type "boss_role" is not one of'],
    [['--expires-at', 'soon'], '--expires-at "soon" is not a date'],
    [['--type', 'org_role', '--parent-role', '1:owner'], '--parent-role applies only to --type user_role'],
  ])('rejects %j with exit 2 before any request', async (extra, message) => {
    const r = await runEpi(['roles', 'create', '--name', 'X', '--slug', 'x', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('fails with exit 2 naming --name when it is missing and no one can be asked', async () => {
    const r = await runEpi('roles create --slug x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing --name');
    expect(r.requests).toEqual([]);
  });

  it('asks for a missing name on a terminal', async () => {
    nock(PERMS).post('/v1/permissions/roles', { type: 'user_role', name: 'Asked', slug: 'x', grants: [] }).reply(200, { ...SALES, id: '739224:x' });
    const r = await runEpi('roles create --slug x', { tty: true, prompter: { input: async () => 'Asked' } });
    expect(r.code).toBe(0);
  });

  it('--from-file sends a full payload with conditions and dependencies', async () => {
    const payload = {
      name: 'Qualifier',
      slug: 'qualifier',
      grants: [
        {
          action: 'entity-read',
          resource: 'entity:739224:opportunity:*',
          effect: 'allow',
          conditions: [{ attribute: 'workflows.primary.task_name', operation: 'equals', values: ['Qualification'] }],
          dependencies: [{ action: 'entity-view', resource: 'entity:739224:opportunity:*' }],
        },
      ],
    };
    nock(PERMS).post('/v1/permissions/roles', { type: 'user_role', ...payload }).reply(200, { ...SALES, id: '739224:qualifier' });
    const r = await runEpi(['roles', 'create', '--from-file', file(payload)]);
    expect(r.code).toBe(0);
  });

  it('--from-file: a grant with a bad effect exits 2 and names it', async () => {
    const r = await runEpi(['roles', 'create', '--from-file', file({ name: 'X', slug: 'x', grants: [{ action: 'a' }, { action: 'b', effect: 'maybe' }] })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from-file grants[1].effect "maybe" is not allow or deny');
    expect(r.requests).toEqual([]);
  });

  it('--from-file cannot be mixed with field flags', async () => {
    const r = await runEpi(['roles', 'create', '--from-file', file({ name: 'X', slug: 'x' }), '--grant', 'a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from-file cannot be combined with --grant');
  });

  it('--dry-run prints the POST and sends nothing', async () => {
    const r = await runEpi('roles create --name Sales --slug sales --grant entity-read:entity:*:contact:* --dry-run', { token: null });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      method: 'POST',
      url: `${PERMS}/v1/permissions/roles`,
      body: { type: 'user_role', name: 'Sales', slug: 'sales', grants: [{ action: 'entity-read', resource: 'entity:*:contact:*', effect: 'allow' }] },
    });
    expect(r.stderr).toBe('');
  });

  it('--partner creates the role through the Partner Directory API', async () => {
    nock(PARTNERS)
      .post('/v2/partners/456789/roles', { name: 'Partner Sales', slug: 'partner_sales', grants: [{ action: 'entity-read', resource: 'entity:*:opportunity:*', effect: 'allow' }] })
      .reply(201, PARTNER_ROLE);
    const r = await runEpi('roles create --partner 456789 --name "Partner Sales" --slug partner_sales --grant entity-read:entity:*:opportunity:* --json id');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '456789:partner_sales' });
  });

  it('--partner checks the stricter partner slug and refuses Permissions-only flags', async () => {
    const slug = await runEpi('roles create --partner 456789 --name X --slug Partner-Sales');
    expect(slug.code).toBe(2);
    expect(slug.stderr).toContain('starts with a lowercase letter');
    const type = await runEpi('roles create --partner 456789 --name X --slug x --type share_role');
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('--type does not apply to partner roles');
    expect([...slug.requests, ...type.requests]).toEqual([]);
  });

  it('exits 1 with the server message on 400', async () => {
    nock(PERMS).post('/v1/permissions/roles').reply(400, { message: 'Parent role must be org_role or share_role, got user_role' });
    const r = await runEpi('roles create --name X --slug x --parent-role 739224:sales');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Parent role must be org_role or share_role');
  });
});

describe('epi roles update', () => {
  it('reads the role, adds and removes grants, and PUTs the whole role', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, { ...SALES, vendor_enforced_user_limit: 5 });
    nock(PERMS)
      .put('/v1/permissions/roles/739224%3Asales', {
        ...SALES,
        name: 'Sales team',
        grants: [SALES.grants[1], { action: 'entity-update', resource: 'entity:739224:opportunity:*', effect: 'allow' }, { action: 'entity-export', effect: 'deny' }],
      })
      .reply(200, { ...SALES, name: 'Sales team' });
    const r = await runEpi([
      'roles', 'update', '739224:sales', '--name', 'Sales team',
      '--remove-grant', 'entity-read:entity:739224:contact:*', '--add-grant', 'entity-update:entity:739224:opportunity:*', '--add-deny', 'entity-export', '--json', 'name',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Sales team' });
    expect(r.stderr).toBe('Updated role 739224:sales.\n');
  });

  it('does not add a grant twice, and sends nothing when nothing changes', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi(['roles', 'update', '739224:sales', '--add-grant', 'entity-read:entity:739224:contact:*']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('already has allow entity-read on entity:739224:contact:*');
    expect(r.stderr).toContain('nothing was sent');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('exits 2 without a PUT when --remove-grant matches no grant', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi(['roles', 'update', '739224:sales', '--remove-grant', 'entity-read:entity:*']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--remove-grant "entity-read:entity:*" matches no grant of role 739224:sales');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it.each([
    ['roles update 1:x', 'Nothing to update'],
    ['roles update 1:x --slug y', '--slug changes only partner roles'],
    ['roles update 1:x --grant a --add-grant b', 'cannot be combined with --add-grant'],
    ['roles update 1:x --add-grant :r', '--add-grant ":r" has no action'],
  ])('%s exits 2 before any request', async (line, message) => {
    const r = await runEpi(line);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('--from-file replaces the role\'s fields, keeping the rest', async () => {
    const grants = [{ action: 'entity-read', effect: 'allow', conditions: [{ operation: 'equals_current_user', attribute: 'assignee.*.user_id' }] }];
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    nock(PERMS).put('/v1/permissions/roles/739224%3Asales', { ...SALES, grants }).reply(200, { ...SALES, grants });
    const r = await runEpi(['roles', 'update', '739224:sales', '--from-file', file({ grants })]);
    expect(r.code).toBe(0);
  });

  it.each([
    [{ expires_at: 'soon' }, [], '--from-file expires_at "soon" is not a date'],
    [{ grants: [{ resource: 'x' }] }, [], '--from-file grants[0] has no action'],
    [{ name: 'X', type: 'user_role' }, ['--partner', '456789'], 'takes only name, slug and grants, not type'],
  ])('update --from-file %j checks the file before any request', async (content, extra, message) => {
    const r = await runEpi(['roles', 'update', '1:x', '--from-file', file(content), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('--dry-run still reads the role, then prints the PUT', async () => {
    nock(PERMS).get('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi('roles update 739224:sales --name Renamed --dry-run');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: `${PERMS}/v1/permissions/roles/739224%3Asales`, body: { ...SALES, name: 'Renamed' } });
  });

  it('--partner reads the partner roles and PUTs name, slug and replaced grants', async () => {
    nock(PARTNERS).get('/v2/partners/456789/roles').reply(200, { results: [PARTNER_ROLE] });
    nock(PARTNERS)
      .put('/v2/partners/456789/roles/456789%3Apartner_sales', { name: 'Partner Sales', slug: 'partner_sellers', grants: [{ action: 'entity-read', effect: 'allow' }] })
      .reply(200, { ...PARTNER_ROLE, slug: 'partner_sellers' });
    const r = await runEpi('roles update 456789:partner_sales --partner 456789 --slug partner_sellers --grant entity-read --json slug');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ slug: 'partner_sellers' });
  });

  it('--partner exits 3 when the partner has no such role', async () => {
    nock(PARTNERS).get('/v2/partners/456789/roles').reply(200, { results: [] });
    const r = await runEpi('roles update 456789:gone --partner 456789 --name X');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No role 456789:gone in partner organization 456789');
  });
});

describe('epi roles delete', () => {
  it('refuses without --yes when no one can be asked (exit 2, no request)', async () => {
    const r = await runEpi('roles delete 739224:sales');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('asks on a terminal and deletes on yes', async () => {
    const asked: string[] = [];
    nock(PERMS).delete('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi('roles delete 739224:sales', { tty: true, prompter: { confirm: async (m) => (asked.push(m), true) } });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Delete role 739224:sales?']);
    expect(r.stderr).toContain('Deleted role 739224:sales.');
    expect(r.stdout).toBe('');
  });

  it('answering no exits 1 with Cancelled and sends nothing', async () => {
    const r = await runEpi('roles delete 739224:sales', { tty: true, prompter: { confirm: async () => false } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Cancelled; nothing was changed.\n');
    expect(r.requests).toEqual([]);
  });

  it('--yes --json prints the deleted role', async () => {
    nock(PERMS).delete('/v1/permissions/roles/739224%3Asales').reply(200, SALES);
    const r = await runEpi('roles delete 739224:sales --yes --json id');
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224:sales' });
  });

  it('--partner deletes through the Partner Directory API; 404 exits 3', async () => {
    nock(PARTNERS).delete('/v2/partners/456789/roles/456789%3Apartner_sales').reply(404, { message: 'Role not found' });
    const r = await runEpi('roles delete 456789:partner_sales --partner 456789 --yes');
    expect(r.code).toBe(3);
  });

  it("refuses to delete the organization's owner role, --dry-run and --yes alike, naming --force; nothing is sent", async () => {
    for (const flag of ['--yes', '--dry-run']) {
      const r = await runEpi(`roles delete 739224:owner ${flag}`);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'error: Refusing to delete the owner role 739224:owner: every holder would lose it, and no one could manage the organization afterwards.\n' +
          'The owner role is one every organization has; pass --force only if you really mean to delete it.\n',
      );
      expect(r.requests).toEqual([]);
    }
  });

  it('--force deletes the owner role', async () => {
    nock(PERMS).delete('/v1/permissions/roles/739224%3Aowner').reply(200, OWNER);
    const r = await runEpi('roles delete 739224:owner --yes --force');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Deleted role 739224:owner.');
  });

  it("another org's role named owner is not this org's owner role", async () => {
    nock(PERMS).delete('/v1/permissions/roles/111111%3Aowner').reply(200, { ...OWNER, id: '111111:owner' });
    const r = await runEpi('roles delete 111111:owner --yes');
    expect(r.code).toBe(0);
  });

  it('--dry-run prints the DELETE without asking', async () => {
    const r = await runEpi('roles delete 739224:sales --dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'DELETE', url: `${PERMS}/v1/permissions/roles/739224%3Asales` });
    expect(r.requests).toEqual([]);
  });
});

/** The one read of the organization's roles that resolves role references. */
const rolesRead = () => nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES, OWNER] });

describe('epi roles assign / unassign', () => {
  it('assigns the role to each user with one POST each and reports per user', async () => {
    rolesRead();
    nock(PERMS).post('/v1/permissions/assignments/10001/739224%3Asales').reply(201, { user_id: '10001', roles: ['739224:sales'] });
    nock(PERMS).post('/v1/permissions/assignments/10002/739224%3Asales').reply(201, { user_id: '10002', roles: ['739224:sales'] });
    const r = await runEpi('roles assign 739224:sales --user 10001,10002');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('user 1\t10001\t739224:sales\tdone\t\t\nuser 2\t10002\t739224:sales\tdone\t\t\n');
  });

  it('--resume skips users done and asks about one left in flight instead of sending again', async () => {
    const journal = join(tempConfigDir(), 'assign.ndjson');
    const lines = [
      { run: '2026-11-25T10:00:00.000Z', command: ['roles', 'assign', '739224:sales'] },
      { key: '10001 739224:sales', row: 'user 1', status: 'done' },
      { key: '10002 739224:sales', row: 'user 2', status: 'sending' },
    ];
    writeFileSync(journal, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    rolesRead();
    nock(PERMS).get('/v1/permissions/assignments/10002').reply(200, ['739224:sales']);
    nock(PERMS).post('/v1/permissions/assignments/10003/739224%3Asales').reply(201, { user_id: '10003', roles: ['739224:sales'] });
    const r = await runEpi(['roles', 'assign', '739224:sales', '--user', '10001,10002,10003', '--resume', journal, '--json', 'item,status,reason']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { item: '10001', status: 'skipped', reason: 'done in an earlier run' },
      { item: '10002', status: 'done', reason: 'confirmed after an interrupted run' },
      { item: '10003', status: 'done', reason: null },
    ]);
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('keeps going after a failure, shows every result and exits 1', async () => {
    rolesRead();
    nock(PERMS).post('/v1/permissions/assignments/10001/739224%3Asales').reply(404, { message: 'User not found' });
    nock(PERMS).post('/v1/permissions/assignments/10002/739224%3Asales').reply(201, { user_id: '10002', roles: ['739224:sales'] });
    const r = await runEpi('roles assign 739224:sales --user 10001 --user 10002 --json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'user 1', item: '10001', role_id: '739224:sales', status: 'failed', reason: '404: User not found' },
      { row: 'user 2', item: '10002', role_id: '739224:sales', status: 'done' },
    ]);
    expect(JSON.parse(r.stderr.trimEnd().split('\n').at(-1)!).error.message).toBe('1 of 2 rows failed.');
  });

  it('stops at a rejected token (exit 4) instead of failing every user', async () => {
    rolesRead();
    nock(PERMS).post('/v1/permissions/assignments/10001/739224%3Asales').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('roles assign 739224:sales --user 10001 --user 10002 --concurrency 1');
    expect(r.code).toBe(4);
    expect(r.requests).toHaveLength(2);
  });

  it('exits 2 without --user', async () => {
    const r = await runEpi('roles assign 739224:sales');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing --user');
  });

  it('--dry-run reads the roles, then prints one POST per user', async () => {
    rolesRead();
    const r = await runEpi('roles assign 739224:sales --user 10001,10002 --dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).url)).toEqual([
      `${PERMS}/v1/permissions/assignments/10001/739224%3Asales`,
      `${PERMS}/v1/permissions/assignments/10002/739224%3Asales`,
    ]);
  });

  it('unassign refuses without --yes and no terminal', async () => {
    const r = await runEpi('roles unassign 739224:sales --user 10001');
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe(
      'error: This needs confirmation: Remove role 739224:sales from user 10001?\nPass --yes to confirm without a prompt (needed in scripts and CI), or --dry-run to see the request.\n',
    );
  });

  it('unassign asks on a terminal, then removes per user', async () => {
    const asked: string[] = [];
    rolesRead();
    nock(PERMS).delete('/v1/permissions/assignments/10001/739224%3Asales').reply(200, { user_id: '10001', roles: [] });
    nock(PERMS).delete('/v1/permissions/assignments/10002/739224%3Asales').reply(500, { message: 'boom' });
    const r = await runEpi('roles unassign 739224:sales --user 10001,10002 --max-retries 0', {
      tty: true,
      env: { NO_COLOR: '1' },
      prompter: { confirm: async (m) => (asked.push(m), true) },
    });
    expect(asked).toEqual(['Remove role 739224:sales from 2 users (10001, 10002)?']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^user 1\s+10001\s+739224:sales\s+done/m);
    expect(r.stdout).toMatch(/^user 2\s+10002\s+739224:sales\s+failed\s+-\s+500: boom/m);
    expect(r.stderr).toContain('1 of 2 rows failed.');
  });
});

describe('epi roles unassign: the last-owner guard', () => {
  const USERS = 'https://user.sls.epilot.io';
  const BEN_AND_CY_OWN = [
    { user_id: '10001', roles: ['739224:sales'] },
    { user_id: '10002', roles: ['739224:owner'] },
    { user_id: '10003', roles: ['739224:owner', '739224:sales'] },
  ];
  const findCy = () => nock(USERS).get('/v2/users').query({ query: 'cy@acme.example', limit: '50' }).reply(200, { results: [{ id: '10003', email: 'cy@acme.example' }] });

  it('refuses to take the owner role from all its holders (exit 2, nothing sent), under --dry-run too', async () => {
    for (const flag of ['--yes', '--dry-run']) {
      rolesRead();
      findCy();
      ownerHolders(BEN_AND_CY_OWN);
      const r = await runEpi(['roles', 'unassign', 'owner', '--user', '10002,cy@acme.example', flag]);
      expectOwnerRefused(r, ['10002', 'cy@acme.example (10003)']);
    }
  });

  it('takes it from one owner while another remains', async () => {
    rolesRead();
    findCy();
    ownerHolders(BEN_AND_CY_OWN);
    nock(PERMS).delete('/v1/permissions/assignments/10003/739224%3Aowner').reply(200, {});
    const r = await runEpi('roles unassign owner --user cy@acme.example --yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('user 1\t10003\t739224:owner\tdone\t\t\n');
  });

  it('--force takes it from its last holders without reading them', async () => {
    rolesRead();
    nock(PERMS).delete('/v1/permissions/assignments/10002/739224%3Aowner').reply(200, {});
    nock(PERMS).delete('/v1/permissions/assignments/10003/739224%3Aowner').reply(200, {});
    const r = await runEpi('roles unassign 739224:owner --user 10002,10003 --yes --force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests.filter((q) => q.method === 'GET').map((q) => new URL(q.url).pathname)).toEqual(['/v1/permissions/roles']);
  });

  it('on a terminal refuses before asking', async () => {
    rolesRead();
    ownerHolders(BEN_AND_CY_OWN.slice(0, 2));
    const r = await runEpi('roles unassign owner --user 10002', { tty: true, prompter: {} });
    expectOwnerRefused(r, ['10002']);
  });

  it('epi batch rows side by side: each sees the other owner, but the second to take its turn is refused', async () => {
    const csv = join(tempConfigDir(), 'owners.csv');
    writeFileSync(csv, 'user\n10002\ncy@acme.example\n');
    for (let row = 0; row < 2; row++) rolesRead();
    // Cy's row starts a little later (its email lookup), so Ben's row takes the first turn at the
    // owner role; Ben's DELETE takes longer than that, so Cy's row reaches its check while it is in flight.
    nock(USERS).get('/v2/users').query({ query: 'cy@acme.example', limit: '50' }).delay(50).reply(200, { results: [{ id: '10003', email: 'cy@acme.example' }] });
    const ben = slowOwnerRemoval('10002');
    for (let row = 0; row < 2; row++) ownerHolders(() => BEN_AND_CY_OWN.filter((a) => a.user_id !== '10002' || !ben.removed()));
    const r = await runEpi(['batch', csv, '--concurrency', '2', '--json', '--', 'roles', 'unassign', 'owner', '--user', '{user}', '--yes']);
    expectSecondRowRefused(r, 'cy@acme.example (10003)');
  });
});

describe('epi roles assignments / refresh', () => {
  it('lists every user with their roles', async () => {
    nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments: [{ user_id: '10001', roles: ['739224:owner', '739224:sales'] }] });
    const r = await runEpi('roles assignments');
    expect(r.stdout).toBe('10001\t739224:owner,739224:sales\n');
  });

  it('--user asks for those users only', async () => {
    nock(PERMS).get('/v1/permissions/assignments/10002').reply(200, ['739224:sales']);
    const r = await runEpi('roles assignments --user 10002 --json');
    expect(JSON.parse(r.stdout)).toEqual([{ user_id: '10002', roles: ['739224:sales'] }]);
  });

  it('refresh calls GET /v1/permissions/refresh and reports on stderr', async () => {
    nock(PERMS).get('/v1/permissions/refresh').reply(200);
    const r = await runEpi('roles refresh');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Refreshed your permissions.\n');
  });
});
