import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';
import { makeToken } from '../helpers/token.js';

const API = 'https://partner-directory-api.sls.epilot.io';
const ID = 'e45a6dc2-3795-43a3-ae0f-6b6760f310fc';
const PARTNER = {
  id: ID,
  organization_id: '739224',
  created_at: '2022-02-08T04:44:32.246Z',
  company_name: 'Acme Solar GmbH',
  invitation_token: 'secret-invite-token',
  email: 'contact@acme-solar.example',
  partner_org_id: '456789',
  status: 'Pending',
};
const USER = { type: 'user', display_name: 'John Smith', user_id: '456', email: 'john@acme.example', org_id: '739224', status: 'Active' };
const PARTNER_ORG = { type: 'partner_organization', display_name: 'Acme Solar', partner_id: ID, org_id: '456789', status: 'Active' };
const PARTNER_ROLES = [
  { id: '456789:partner_admin', slug: 'partner_admin', name: 'Partner Admin', type: 'share_role', grants: [] },
  { id: '456789:partner_sales', slug: 'partner_sales', name: 'Partner Sales', type: 'share_role', grants: [] },
];
/** The one read of the partner organization's roles that resolves --role. */
const partnerRoles = (roles: unknown[] = PARTNER_ROLES) => nock(API).get('/v2/partners/456789/roles').reply(200, { results: roles });
const jsonFile = (content: unknown) => {
  const path = join(tempConfigDir(), 'items.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
};

describe('epi partners approve / reject / invite', () => {
  it('approve POSTs and prints the partner', async () => {
    nock(API).post(`/v1/partners/${ID}/approve`).matchHeader('authorization', /^Bearer ey/).reply(201, { ...PARTNER, status: 'Request' });
    const r = await runEpi(`partners approve ${ID} --json id,status`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: ID, status: 'Request' });
    expect(r.stderr).toBe(`Approved partner ${ID}.\n`);
  });

  it('prints key<TAB>value lines when piped, without the invitation token', async () => {
    nock(API).post(`/v1/partners/${ID}/approve`).reply(201, PARTNER);
    const r = await runEpi(`partners approve ${ID}`);
    expect(r.stdout.split('\n')).toContain('Company\tAcme Solar GmbH');
    expect(r.stdout.split('\n')).toContain('Invited by org\t739224');
    expect(r.stdout).not.toContain('secret-invite-token');
  });

  it('approve: 404 exits 3, 401 exits 4, 500 exits 1', async () => {
    nock(API).post('/v1/partners/nope/approve').reply(404, { message: 'Partner not found' });
    const missing = await runEpi('partners approve nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Partner not found');
    nock(API).post(`/v1/partners/${ID}/approve`).reply(401, { message: 'Unauthorized' });
    expect((await runEpi(`partners approve ${ID}`)).code).toBe(4);
    nock(API).post(`/v1/partners/${ID}/approve`).reply(500, { message: 'boom' });
    expect((await runEpi(`partners approve ${ID} --max-retries 0`)).code).toBe(1);
  });

  it('approve --dry-run prints the POST and sends nothing', async () => {
    const r = await runEpi(`partners approve ${ID} --dry-run`, { token: null });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${API}/v1/partners/${ID}/approve`, body: null });
    expect(r.requests).toEqual([]);
  });

  it('reject refuses without --yes and a terminal; asks on a terminal', async () => {
    const refused = await runEpi(`partners reject ${ID}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(refused.requests).toEqual([]);

    const asked: string[] = [];
    nock(API).post(`/v1/partners/${ID}/reject`).reply(200, { ...PARTNER, status: 'Rejected' });
    const r = await runEpi(`partners reject ${ID} --json status`, { tty: true, prompter: { confirm: async (m) => (asked.push(m), true) } });
    expect(r.code).toBe(0);
    expect(asked).toEqual([`Reject partner ${ID}?`]);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'Rejected' });
  });

  it('reject --yes sends at once; no on the prompt exits 1', async () => {
    nock(API).post(`/v1/partners/${ID}/reject`).reply(200, { ...PARTNER, status: 'Rejected' });
    expect((await runEpi(`partners reject ${ID} --yes`)).code).toBe(0);
    const no = await runEpi(`partners reject ${ID}`, { tty: true, prompter: { confirm: async () => false } });
    expect(no.code).toBe(1);
    expect(no.stderr).toBe('Cancelled; nothing was changed.\n');
    expect(no.requests).toEqual([]);
  });

  it('invite POSTs /v2/partners/{id}/invite with the language', async () => {
    nock(API).post(`/v2/partners/${ID}/invite`, { language: 'de' }).reply(200, { ...PARTNER, status: 'Invited' });
    const r = await runEpi(`partners invite ${ID} --language de`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Sent the invitation to partner ${ID} (contact@acme-solar.example).`);
    expect(r.stdout.split('\n')).toContain('Status\tInvited');
  });

  it('invite without --language sends an empty object; a bad language exits 2', async () => {
    nock(API).post(`/v2/partners/${ID}/invite`, {}).reply(200, PARTNER);
    expect((await runEpi(`partners invite ${ID}`)).code).toBe(0);
    const bad = await runEpi(`partners invite ${ID} --language fr`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--language');
    expect(bad.requests).toEqual([]);
  });
});

describe('epi partners invitation / activate (public)', () => {
  it('invitation reads the partner by token without an Authorization header, even when logged in', async () => {
    nock(API, { badheaders: ['authorization'] }).get('/v1/partner-directory/public/getPartnerByToken').query({ token: 'tok-123' }).reply(200, PARTNER);
    const r = await runEpi('partners invitation tok-123 --json company_name');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ company_name: 'Acme Solar GmbH' });
  });

  it('invitation works with no token at all; an unknown token exits 3', async () => {
    nock(API, { badheaders: ['authorization'] }).get('/v1/partner-directory/public/getPartnerByToken').query({ token: 'tok-123' }).reply(200, PARTNER);
    const ok = await runEpi('partners invitation tok-123', { token: null });
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n')).toContain('Company\tAcme Solar GmbH');
    nock(API).get('/v1/partner-directory/public/getPartnerByToken').query({ token: 'old' }).reply(404, { message: 'Token not found' });
    expect((await runEpi('partners invitation old', { token: null })).code).toBe(3);
  });

  it('activate POSTs the sign-up without an Authorization header', async () => {
    nock(API, { badheaders: ['authorization'] })
      .post('/v1/partner-directory/public/activate', { signed_up_email: 'admin@acme-solar.example', organization_id: '456789', company_name: 'Acme Solar GmbH' })
      .query({ token: 'tok-123' })
      .reply(200);
    const r = await runEpi(['partners', 'activate', 'tok-123', '--company-name', 'Acme Solar GmbH', '--email', 'admin@acme-solar.example', '--org-id', '456789'], { token: null });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Activated the partnership for organization 456789.\n');
  });

  it('activate validates the email and needs --org-id, before any request', async () => {
    const bad = await runEpi('partners activate tok --email nope --org-id 1', { token: null });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email "nope" is not a valid email address');
    const missing = await runEpi('partners activate tok --email a@b.example', { token: null });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --org-id');
    expect([...bad.requests, ...missing.requests]).toEqual([]);
  });

  it('activate: 409 for a used token exits 1 with the server message', async () => {
    nock(API).post('/v1/partner-directory/public/activate').query({ token: 'used' }).reply(409, { message: 'Partner already activated' });
    const r = await runEpi('partners activate used --email a@b.example --org-id 1', { token: null });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Partner already activated');
  });

  it('activate --dry-run shows the request without a token header, and the invitation token masked', async () => {
    const r = await runEpi('partners activate tok --email a@b.example --org-id 1 --dry-run', { token: null });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ method: 'POST', url: `${API}/v1/partner-directory/public/activate?token=***`, body: { signed_up_email: 'a@b.example', organization_id: '1' } });
    expect(plan.headers.authorization).toBeUndefined();
  });
});

describe('epi partners search', () => {
  it('sends q, size and the filters, without `from` on the first page, and prints one array', async () => {
    nock(API)
      .post('/v1/partners/assignables:search', { q: 'john', size: 50, types: ['user', 'partner_user'], org_ids: ['739224', '456789'] })
      .reply(200, { hits: 2, results: [USER, PARTNER_ORG] });
    const r = await runEpi('partners search -q john --type user --type partner_user --in-org 739224,456789 --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([USER, PARTNER_ORG]);
  });

  it('sends q "" without a query and shows type, name, email, org, id and status when piped', async () => {
    nock(API).post('/v1/partners/assignables:search', { q: '', size: 50 }).reply(200, { hits: 2, results: [USER, PARTNER_ORG] });
    const r = await runEpi('partners search');
    expect(r.stdout).toBe(`user\tJohn Smith\tjohn@acme.example\t739224\t456\tActive\npartner_organization\tAcme Solar\t\t456789\t${ID}\tActive\n`);
  });

  it('--all pages with from/size up to 1000 per page', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...USER, user_id: String(i) }));
    nock(API).post('/v1/partners/assignables:search', { q: '', size: 1000 }).reply(200, { hits: 1500, results: many(1000) });
    nock(API).post('/v1/partners/assignables:search', { q: '', size: 1000, from: 1000 }).reply(200, { hits: 1500, results: many(500) });
    const r = await runEpi('partners search --all --ndjson');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1500);
  });

  it('--limit 3 asks for 3 and warns that more exist', async () => {
    nock(API).post('/v1/partners/assignables:search', { q: 'x', size: 3 }).reply(200, { hits: 10, results: [USER, USER, USER] });
    const r = await runEpi('partners search --query x --limit 3 --json');
    expect(JSON.parse(r.stdout)).toHaveLength(3);
    expect(r.stderr).toContain('Showing 3 of 10 records');
  });

  it('rejects an unknown --type with exit 2 before any request', async () => {
    const r = await runEpi('partners search --type robot');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"robot" is not one of: user, partner_user, partner_organization, ecp, group');
    expect(r.requests).toEqual([]);
  });
});

describe('epi partners get', () => {
  it('looks up one user with --user and --in-org', async () => {
    nock(API).post('/v1/partners/assignables:batchGet', [{ user_id: '456', org_id: '739224' }]).reply(200, { hits: 1, results: [USER] });
    const r = await runEpi('partners get --user 456 --in-org 739224 --json display_name');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ display_name: 'John Smith' }]);
  });

  it('looks up many from --from-file in one request', async () => {
    const items = [{ user_id: '456', org_id: '739224' }, { group_id: 'g-1' }];
    nock(API).post('/v1/partners/assignables:batchGet', items).reply(200, { hits: 1, results: [USER] });
    const r = await runEpi(['partners', 'get', '--from-file', jsonFile(items)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('user\tJohn Smith\tjohn@acme.example\t739224\t456\tActive\n');
  });

  it.each([
    [['--in-org', '1'], 'Pass --user <user> or --group <id>'],
    [['--user', '1', '--group', '2'], 'Pass --user <user> or --group <id>'],
    [['--user', 'dora@acme.example', '--in-org', '2'], 'emails are looked up only among your own organization'],
    [['--from-file', 'FILE:[]'], 'must contain a non-empty JSON array'],
    [['--from-file', 'FILE:[{"user_id":"1","group_id":"2"}]'], '--from-file item [0] needs exactly one of "user_id" and "group_id"'],
    [['--from-file', 'FILE:[{"user":"1"}]'], '--from-file item [0] has "user"'],
    [['--from-file', 'FILE:[{"user_id":"1"}]', '--in-org', '2'], '--from-file cannot be combined'],
  ])('rejects %j with exit 2 before any request', async (args, message) => {
    const argv = args.map((a) => (a.startsWith('FILE:') ? jsonFile(JSON.parse(a.slice(5))) : a));
    const r = await runEpi(['partners', 'get', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });
});

describe('epi partners geocode', () => {
  it('prints lat, lng and label', async () => {
    nock(API)
      .post('/v1/geolocation/text:search', { address: 'Auweg 1, 93055 Regensburg, DE' })
      .reply(200, { lat: 49.013, lng: 12.101, addressLabel: 'Auweg 1, 93055 Regensburg, Germany', relevance: 0.95 });
    const r = await runEpi(['partners', 'geocode', 'Auweg 1, 93055 Regensburg, DE']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Lat\t49.013\nLng\t12.101\nLabel\tAuweg 1, 93055 Regensburg, Germany\nRelevance\t0.95\n');
  });

  it('--json lat,lng; an address that cannot be found exits 3', async () => {
    nock(API).post('/v1/geolocation/text:search').reply(200, { lat: 1, lng: 2 });
    expect(JSON.parse((await runEpi(['partners', 'geocode', 'x', '--json', 'lat,lng'])).stdout)).toEqual({ lat: 1, lng: 2 });
    nock(API).post('/v1/geolocation/text:search').reply(404, { message: 'No matching location' });
    expect((await runEpi(['partners', 'geocode', 'nowhere'])).code).toBe(3);
  });

  it('an empty address exits 2', async () => {
    const r = await runEpi(['partners', 'geocode', '  ']);
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe('error: The address is empty.\nPass an address, e.g. epi partners geocode "Auweg 1, 93055 Regensburg, DE".\n');
  });
});

describe('epi partners users', () => {
  const PUSER = { id: '10042', name: 'Jane Doe', email: 'jane@partner.example', status: 'Active', roles: [{ id: '456789:partner_admin', slug: 'partner_admin', name: 'Admin' }, { id: '456789:partner_sales', slug: 'partner_sales', name: 'Sales' }] };

  it('list prints each user with their role ids', async () => {
    nock(API).get('/v2/partners/456789/users').reply(200, { results: [PUSER] });
    const r = await runEpi('partners users list 456789');
    expect(r.stdout).toBe('10042\tJane Doe\tjane@partner.example\tActive\t456789:partner_admin,456789:partner_sales\n');
  });

  it('list --json prints the users unwrapped; a table on a terminal', async () => {
    nock(API).get('/v2/partners/456789/users').reply(200, { results: [PUSER] });
    expect(JSON.parse((await runEpi('partners users list 456789 --json')).stdout)).toEqual([PUSER]);
    nock(API).get('/v2/partners/456789/users').reply(200, { results: [PUSER] });
    const tty = await runEpi('partners users list 456789', { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toMatch(/^ID\s+Name\s+Email\s+Status\s+Roles/m);
  });

  it('list: 403 exits 4', async () => {
    nock(API).get('/v2/partners/456789/users').reply(403, { message: 'Access denied' });
    const r = await runEpi('partners users list 456789');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Access denied');
  });

  it('create resolves --role against the partner organization\'s roles, then sends email, roles and language', async () => {
    partnerRoles();
    nock(API)
      .post('/v2/partners/456789/users', { email: 'new@partner.example', roles: ['456789:partner_admin', '456789:partner_sales'], language: 'de' })
      .reply(201, { id: '10043', email: 'new@partner.example', status: 'Pending' });
    const r = await runEpi(['partners', 'users', 'create', '456789', '--email', 'new@partner.example', '--role', '456789:partner_admin,Partner Sales', '--language', 'de', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '10043' });
    expect(r.stderr).toBe('Created user 10043 in partner organization 456789.\n');
  });

  it('create validates the email before sending; --dry-run sends nothing', async () => {
    const bad = await runEpi('partners users create 456789 --email nope');
    expect(bad.code).toBe(2);
    expect(bad.requests).toEqual([]);
    expect(bad.stderr).toBe('error: --email "nope" is not a valid email address.\nUse the form name@example.com.\n');
    const dry = await runEpi('partners users create 456789 --email a@b.example --dry-run', { token: null });
    expect(JSON.parse(dry.stdout)).toMatchObject({ method: 'POST', url: `${API}/v2/partners/456789/users`, body: { email: 'a@b.example' } });
    expect(dry.requests).toEqual([]);
  });

  it('delete refuses without --yes, asks on a terminal', async () => {
    const refused = await runEpi('partners users delete 456789 10042');
    expect(refused.code).toBe(2);
    expect(refused.requests).toEqual([]);
    const asked: string[] = [];
    nock(API).delete('/v2/partners/456789/users/10042').reply(200, {});
    const r = await runEpi('partners users delete 456789 10042', { tty: true, prompter: { confirm: async (m) => (asked.push(m), true) } });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Delete user 10042 from partner organization 456789?']);
    expect(r.stderr).toBe('Deleted user 10042 from partner organization 456789.\n');
  });

  it('delete --yes: 404 exits 3', async () => {
    nock(API).delete('/v2/partners/456789/users/9').reply(404, { message: 'User not found' });
    expect((await runEpi('partners users delete 456789 9 --yes')).code).toBe(3);
  });

  it('assign-roles prints the per-role results', async () => {
    partnerRoles();
    nock(API)
      .post('/v2/partners/456789/users/10042/roles', { roleIds: ['456789:partner_admin', '456789:partner_sales'] })
      .reply(200, { results: [{ roleId: '456789:partner_admin', success: true, data: {} }, { roleId: '456789:partner_sales', success: true, data: {}, error: {} }] });
    const r = await runEpi('partners users assign-roles 456789 10042 --role 456789:partner_admin --role partner_sales');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('456789:partner_admin\tassigned\t\n456789:partner_sales\tassigned\t\n');
  });

  it('assign-roles exits 1 when any role failed, after printing all results', async () => {
    const results = [{ roleId: '456789:partner_admin', success: true }, { roleId: '456789:ghost', success: false, error: { message: 'Role not found' } }];
    partnerRoles([...PARTNER_ROLES, { id: '456789:ghost', slug: 'ghost', name: 'Ghost', grants: [] }]);
    nock(API).post('/v2/partners/456789/users/10042/roles').reply(200, { results });
    const r = await runEpi('partners users assign-roles 456789 10042 --role 456789:partner_admin,456789:ghost --json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(results);
    expect(JSON.parse(r.stderr).error.message).toBe('1 of 2 roles failed.');
  });

  it('assign-roles needs --role', async () => {
    const r = await runEpi('partners users assign-roles 456789 10042');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing --role');
  });

  it('unassign-roles refuses without --yes; with --yes DELETEs with the role ids in the body', async () => {
    const refused = await runEpi('partners users unassign-roles 456789 10042 --role 456789:partner_sales');
    expect(refused.code).toBe(2);
    expect(refused.requests).toEqual([]);
    partnerRoles();
    nock(API)
      .delete('/v2/partners/456789/users/10042/roles', { roleIds: ['456789:partner_sales'] })
      .reply(200, { results: [{ roleId: '456789:partner_sales', success: false, error: { code: 'NOT_ASSIGNED' } }] });
    const r = await runEpi('partners users unassign-roles 456789 10042 --role 456789:partner_sales --yes', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^456789:partner_sales\s+failed\s+\{"code":"NOT_ASSIGNED"\}/m);
  });

  it('unassign-roles asks on a terminal and --dry-run prints the DELETE with its body', async () => {
    const asked: string[] = [];
    partnerRoles();
    nock(API).delete('/v2/partners/456789/users/10042/roles').reply(200, { results: [{ roleId: '456789:partner_sales', success: true }] });
    const r = await runEpi('partners users unassign-roles 456789 10042 --role 456789:partner_sales', { tty: true, prompter: { confirm: async (m) => (asked.push(m), true) } });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Remove 456789:partner_sales from user 10042 of partner organization 456789?']);
    partnerRoles();
    nock(API).get('/v2/partners/456789/users').reply(200, { results: [{ id: '10042', email: 'Jane@Partner.example', roles: [] }] });
    const dry = await runEpi('partners users unassign-roles 456789 jane@partner.example --role PARTNER_SALES --dry-run');
    expect(JSON.parse(dry.stdout)).toMatchObject({ method: 'DELETE', url: `${API}/v2/partners/456789/users/10042/roles`, body: { roleIds: ['456789:partner_sales'] } });
  });

  it('an expired stored token still fails before any request for authenticated partner calls', async () => {
    const r = await runEpi('partners users list 456789', { token: makeToken({ exp: 1_000_000 }) });
    expect(r.code).toBe(4);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toMatch(/^error: The token from EPILOT_TOKEN expired at 1970-01-12T13:46:40\.000Z\.\nSet EPILOT_TOKEN to a fresh token/);
  });
});
