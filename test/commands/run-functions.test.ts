/**
 * The first test layer (HOUSE-STYLE "Two test layers"): each verb's run function called directly
 * with a test context (test/helpers/context.ts), no command line in between. The command-line layer
 * (runEpi in the other files here, and e2e) covers parsing, exit codes and stream separation.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { set } from '../../src/commands/config/set.js';
import { remove as deleteGroup } from '../../src/commands/groups/delete.js';
import { approve } from '../../src/commands/partners/approve.js';
import { assign } from '../../src/commands/roles/assign.js';
import { list as listRoles } from '../../src/commands/roles/list.js';
import { unused } from '../../src/api/shape.js';
import { StoppedError } from '../../src/bulk/report.js';
import { ApiError, DeclinedError, EpiError, UsageError } from '../../src/errors.js';
import { testContext } from '../helpers/context.js';
import { makeToken } from '../helpers/token.js';

const PARTNERS = 'https://partner-directory-api.sls.epilot.io';
const PERMS = 'https://permissions.sls.epilot.io';
const USERS = 'https://user.sls.epilot.io';
const ID = 'e45a6dc2-3795-43a3-ae0f-6b6760f310fc';
const PARTNER = { id: ID, organization_id: '739224', company_name: 'Acme Solar GmbH', invitation_token: 'secret-invite-token', partner_org_id: '456789', status: 'Request' };
const SALES = { id: '739224:sales', name: 'Sales', slug: 'sales', type: 'user_role', organization_id: '739224', grants: [{ action: 'entity-read', resource: 'entity:739224:contact:*', effect: 'allow' }] };
const OWNER = { id: '739224:owner', name: 'Owner', slug: 'owner', type: 'org_role', organization_id: '739224', grants: [{ action: '*' }] };

describe('partners approve (the HOUSE-STYLE example)', () => {
  it('POSTs exactly one approval and prints the partner, with the message on stderr', async () => {
    const t = testContext({ flags: { json: 'id,status' } });
    nock(PARTNERS).post(`/v1/partners/${ID}/approve`).matchHeader('authorization', /^Bearer ey/).reply(201, PARTNER);
    await approve(t.ctx, {}, ID);
    expect(JSON.parse(t.stdout())).toEqual({ id: ID, status: 'Request' });
    expect(t.stderr()).toBe(`Approved partner ${ID}.\n`);
    expect(t.requests.map((q) => `${q.method} ${q.url}`)).toEqual([`POST ${PARTNERS}/v1/partners/${ID}/approve`]);
    expect(nock.isDone()).toBe(true);
  });

  it('prints key/value lines when piped, never the invitation token', async () => {
    const t = testContext();
    nock(PARTNERS).post(`/v1/partners/${ID}/approve`).reply(201, PARTNER);
    await approve(t.ctx, {}, ID);
    expect(t.stdout().split('\n')).toContain('Company\tAcme Solar GmbH');
    expect(t.stdout()).not.toContain('secret-invite-token');
  });

  it('under --dry-run prints the planned POST (checked against the spec) and sends nothing', async () => {
    const t = testContext({ flags: { dryRun: true } });
    await approve(t.ctx, {}, ID);
    expect(t.plans()).toEqual([{ method: 'POST', url: `${PARTNERS}/v1/partners/${ID}/approve`, body: undefined }]);
    expect(t.stderr()).toBe('');
    expect(t.requests).toEqual([]);
  });

  it('throws the typed error the command line maps to exit 3, with the server message', async () => {
    const t = testContext();
    nock(PARTNERS).post('/v1/partners/nope/approve').reply(404, { message: 'Partner not found' });
    const error = await approve(t.ctx, {}, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, exitCode: 3 });
    expect((error as ApiError).message).toContain('Partner not found');
    expect(t.stdout()).toBe('');
  });

  it('sends once: retries are off in the test context, so a 503 is the error itself', async () => {
    const t = testContext();
    nock(PARTNERS).post(`/v1/partners/${ID}/approve`).reply(503, { message: 'busy' });
    await expect(approve(t.ctx, {}, ID)).rejects.toBeInstanceOf(ApiError);
    expect(t.requests).toHaveLength(1);
  });
});

describe('the test context', () => {
  // it.fails: this test passes only because the contract check, run when it ends, fails it.
  it.fails('checks every request sent through it against the published specs when the test ends', async () => {
    const t = testContext();
    nock(PERMS).get('/v1/permissions/nowhere').reply(200, {});
    await (await t.ctx.http()).read('permissions', 'GET', '/v1/permissions/nowhere', unused);
    expect(t.requests).toHaveLength(1);
  });
});

describe('roles list (a list verb)', () => {
  it('--json fields: an array of just those fields', async () => {
    const t = testContext({ flags: { json: 'id,name' } });
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES, OWNER] });
    await listRoles(t.ctx, {});
    expect(JSON.parse(t.stdout())).toEqual([
      { id: '739224:sales', name: 'Sales' },
      { id: '739224:owner', name: 'Owner' },
    ]);
    expect(t.stderr()).toBe('');
  });

  it('filters by --type on the client, TSV when piped, a table on a terminal', async () => {
    const piped = testContext();
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES, OWNER] });
    await listRoles(piped.ctx, { type: 'org_role' });
    expect(piped.stdout()).toBe('739224:owner\tOwner\torg_role\t1\n');

    const terminal = testContext({ tty: true, env: { NO_COLOR: '1' } });
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES] });
    await listRoles(terminal.ctx, {});
    expect(terminal.stdout()).toMatch(/^ID\s+Name\s+Type\s+Grants\n/m);
    expect(terminal.stdout()).toMatch(/^739224:sales\s+Sales\s+user_role\s+1\s*$/m);
  });

  it('refuses an unknown --type before any request, naming the values', async () => {
    const t = testContext();
    const error = await listRoles(t.ctx, { type: 'admin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('--type');
    expect((error as UsageError).message).toContain('user_role');
    expect(t.requests).toEqual([]);
  });
});

describe('groups delete (a destructive verb)', () => {
  it('asks on a terminal and deletes after a yes', async () => {
    const asked: string[] = [];
    const t = testContext({ tty: true, prompter: { confirm: async (q) => (asked.push(q), true) } });
    nock(USERS).delete('/v1/groups/g1').reply(204);
    await deleteGroup(t.ctx, {}, 'g1');
    expect(asked).toEqual(['Delete group g1? Its members stay; only the group goes.']);
    expect(t.stderr()).toBe('Deleted group g1.\n');
  });

  it('a no at the prompt throws DeclinedError and sends nothing', async () => {
    const t = testContext({ tty: true, prompter: { confirm: async () => false } });
    await expect(deleteGroup(t.ctx, {}, 'g1')).rejects.toBeInstanceOf(DeclinedError);
    expect(t.requests).toEqual([]);
  });

  it('without a terminal it needs --yes, naming it, and sends nothing', async () => {
    const t = testContext();
    const error = await deleteGroup(t.ctx, {}, 'g1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('This needs confirmation: Delete group g1? Its members stay; only the group goes.');
    expect((error as UsageError).hint).toContain('Pass --yes');
    expect(t.requests).toEqual([]);
  });

  it('--yes deletes without asking (the prompter would fail the test if asked) and --json says so', async () => {
    const t = testContext({ flags: { yes: true, json: true } });
    nock(USERS).delete('/v1/groups/g1').reply(204);
    await deleteGroup(t.ctx, {}, 'g1');
    expect(JSON.parse(t.stdout())).toEqual({ id: 'g1', deleted: true });
  });
});

describe('roles assign (a bulk verb, through the runner)', () => {
  const rolesRead = () => nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [SALES, OWNER] });

  it('one POST per user, a report row each in order, and exit 1 (EpiError) when one failed', async () => {
    const t = testContext({ flags: { json: true } });
    rolesRead();
    nock(PERMS).post('/v1/permissions/assignments/10001/739224%3Asales').reply(404, { message: 'User not found' });
    nock(PERMS).post('/v1/permissions/assignments/10002/739224%3Asales').reply(201, { user_id: '10002', roles: ['739224:sales'] });
    const error = await assign(t.ctx, { user: ['10001', '10002'], concurrency: 1 }, 'Sales').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EpiError);
    expect((error as EpiError).message).toBe('1 of 2 rows failed.');
    expect(JSON.parse(t.stdout())).toEqual([
      { row: 'user 1', item: '10001', role_id: '739224:sales', status: 'failed', reason: '404: User not found' },
      { row: 'user 2', item: '10002', role_id: '739224:sales', status: 'done' },
    ]);
    expect(t.stderr()).toContain('1 done, 1 failed of 2 rows.');
  });

  it('Ctrl-C part-way: the rows never sent are reported "not sent", and the --resume command is named', async () => {
    const argv = ['roles', 'assign', 'sales', '--user', '10001,10002,10003', '--concurrency', '1'];
    const t = testContext({ argv });
    rolesRead();
    // Ctrl-C arrives while the first assignment is on its way.
    nock(PERMS)
      .post('/v1/permissions/assignments/10001/739224%3Asales')
      .reply(201, () => {
        t.stop('SIGINT');
        return { user_id: '10001', roles: ['739224:sales'] };
      });
    const error = await assign(t.ctx, { user: ['10001', '10002', '10003'], concurrency: 1 }, 'sales').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoppedError);
    expect((error as StoppedError).exitCode).toBe(130);
    expect(t.stdout()).toBe('user 1\t10001\t739224:sales\tdone\t\t\nuser 2\t10002\t739224:sales\tnot sent\t\tstopped by Ctrl-C\nuser 3\t10003\t739224:sales\tnot sent\t\tstopped by Ctrl-C\n');
    expect(t.stderr()).toContain('1 done, 0 failed, 2 not sent of 3 rows.\nJournal: ');
    expect(t.stderr()).toMatch(/To finish the remaining rows, run:\n {2}epi roles assign sales --user 10001,10002,10003 --concurrency 1 --resume \S+\.ndjson\n$/);
    expect(t.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });
});

describe('config set (profiles in memory)', () => {
  it('writes through ConfigStore.update() into the in-memory store, keeping the other fields', async () => {
    const t = testContext({ token: null, config: { profiles: { acme: { env: 'staging', token: makeToken() } } }, flags: { profile: 'acme' } });
    await set(t.ctx, {}, 'org', '739224');
    expect(t.stored().profiles!.acme).toEqual({ env: 'staging', token: makeToken(), org: '739224' });
    expect(t.stderr()).toBe('Set org = 739224 in profile "acme".\n');
  });
});
