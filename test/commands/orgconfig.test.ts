import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
