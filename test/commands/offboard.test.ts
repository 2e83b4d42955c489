import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { group, PERMISSIONS_API as PERMS, role, user, USER_API as USERS } from '../helpers/access-fixtures.js';
import { expectOwnerRefused, expectSecondRowRefused, ownerHolders, slowOwnerRemoval } from '../helpers/owner-guard.js';
import { runEpi } from '../helpers/run.js';
import { makeToken } from '../helpers/token.js';

const ADA = user('10001', 'admin@acme.example', 'Ada Admin', 'Active');
const BEN = user('10002', 'ben@acme.example', 'Ben Bauer', 'Active');
const CY = user('10003', 'cy@acme.example', 'Cy', 'Active');
const ROLES = [role('owner', 'Owner', 'org_role'), role('sales', 'Sales Team')];
const FINANCE = group('g1', 'Finance', ['10001', '10002', '10003']);
const OPS = group('g2', 'Ops', ['10002']);

const ASSIGNMENTS = [
  { user_id: '10001', roles: ['739224:owner'] },
  { user_id: '10002', roles: ['739224:sales', '739224:owner'] },
  { user_id: '10003', roles: ['739224:sales'] },
];

function reads(assignments = ASSIGNMENTS) {
  nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
  nock(PERMS).get('/v1/permissions/assignments').reply(200, { assignments });
  nock(USERS).get('/v1/groups').query({ limit: '100' }).reply(200, { hits: 2, groups: [FINANCE, OPS] });
}
const BEN_AND_CY_OWN = [
  { user_id: '10001', roles: ['739224:sales'] },
  { user_id: '10002', roles: ['739224:owner'] },
  { user_id: '10003', roles: ['739224:owner'] },
];
/** The second read of the assignments, in the run's turn, when a leaver holds the owner role. */
const ownersAgain = (assignments = ASSIGNMENTS) => ownerHolders(assignments);
const findBen = () => nock(USERS).get('/v2/users').query({ query: 'ben@acme.example', limit: '50' }).reply(200, { results: [BEN] });

/** The changes of offboarding Ben, in order. */
function benChanges(deleteToo = true) {
  nock(USERS).get('/v1/groups/g1').reply(200, FINANCE);
  nock(USERS).patch('/v1/groups/g1', { user_ids: ['10001', '10003'] }).reply(200, group('g1', 'Finance', ['10001', '10003']));
  nock(USERS).get('/v1/groups/g2').reply(200, OPS);
  nock(USERS).patch('/v1/groups/g2', { user_ids: [] }).reply(200, group('g2', 'Ops', []));
  nock(PERMS).delete('/v1/permissions/assignments/10002/739224%3Asales').reply(200, {});
  nock(PERMS).delete('/v1/permissions/assignments/10002/739224%3Aowner').reply(200, {});
  if (deleteToo) nock(USERS).delete('/v2/users/10002').reply(200, BEN);
}

const paths = (r: { requests: Array<{ method: string; url: string }> }) => r.requests.map((q) => `${q.method} ${decodeURIComponent(new URL(q.url).pathname)}`);

describe('epi users offboard', () => {
  it('removes every group, then every role, then deletes the user, and reports what was removed', async () => {
    findBen();
    reads();
    ownersAgain();
    benChanges();
    const r = await runEpi('users offboard ben@acme.example --yes --json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        row: 'user 1',
        item: 'ben@acme.example',
        status: 'done',
        id: '10002',
        reason: 'access removed; user deleted',
        groups_removed: [{ id: 'g1', name: 'Finance' }, { id: 'g2', name: 'Ops' }],
        roles_removed: [{ id: '739224:sales', name: 'Sales Team' }, { id: '739224:owner', name: 'Owner' }],
        user_deleted: true,
      },
    ]);
    expect(r.stderr).toContain('Offboarding removes:\n  ben@acme.example (10002): groups Finance, Ops; roles Sales Team, Owner; then the user is deleted\n');
    expect(r.stderr).toContain('1 done, 0 failed of 1 rows.');
    // The changes go in order: groups, roles, the user last.
    expect(paths(r).filter((p) => !p.startsWith('GET'))).toEqual([
      'PATCH /v1/groups/g1',
      'PATCH /v1/groups/g2',
      'DELETE /v1/permissions/assignments/10002/739224:sales',
      'DELETE /v1/permissions/assignments/10002/739224:owner',
      'DELETE /v2/users/10002',
    ]);
  });

  it('--keep-user removes the access and keeps the account; the table names what was removed', async () => {
    reads();
    ownersAgain();
    benChanges(false);
    const r = await runEpi('users offboard 10002 --keep-user --yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('user 1\t10002\tFinance; Ops\tSales Team; Owner\tno\tdone\t10002\taccess removed; account kept\n');
    expect(r.stderr).toContain('Offboarding removes (the accounts are kept):');
  });

  it('--dry-run prints the plan on stderr and every request on stdout, and changes nothing', async () => {
    findBen();
    reads();
    ownersAgain();
    nock(USERS).get('/v1/groups/g1').reply(200, FINANCE);
    nock(USERS).get('/v1/groups/g2').reply(200, OPS);
    const r = await runEpi('users offboard ben@acme.example --dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.plans.map((p) => `${p.method} ${decodeURIComponent(new URL(p.url).pathname)}`)).toEqual([
      'PATCH /v1/groups/g1',
      'PATCH /v1/groups/g2',
      'DELETE /v1/permissions/assignments/10002/739224:sales',
      'DELETE /v1/permissions/assignments/10002/739224:owner',
      'DELETE /v2/users/10002',
    ]);
    expect(r.plans[0]!.body).toEqual({ user_ids: ['10001', '10003'] });
    expect(r.stderr).toContain('ben@acme.example (10002): groups Finance, Ops; roles Sales Team, Owner; then the user is deleted');
    expect(r.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('asks first, naming what will be removed; without a terminal it needs --yes and sends nothing', async () => {
    findBen();
    reads();
    ownersAgain();
    const r = await runEpi('users offboard ben@acme.example');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('groups Finance, Ops; roles Sales Team, Owner');
    expect(r.stderr).toContain('error: This needs confirmation: Offboard ben@acme.example (10002) as listed above?');
    expect(r.stderr).toContain('Pass --yes');
    expect(r.requests.every((q) => q.method === 'GET')).toBe(true);

    findBen();
    reads();
    ownersAgain();
    benChanges();
    let asked = '';
    const yes = await runEpi('users offboard ben@acme.example', { tty: true, prompter: { confirm: async (q: string) => ((asked = q), true) } });
    expect(yes.code, yes.stderr).toBe(0);
    expect(asked).toBe('Offboard ben@acme.example (10002) as listed above?');
  });

  it('refuses to offboard the token\'s own user unless --force', async () => {
    reads();
    const r = await runEpi('users offboard 10001 --yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: Refusing to offboard yourself (10001 is the user of the token in use)');
    expect(r.stderr).toContain('pass --force');
    expect(r.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('refuses to remove the last holders of <org>:owner unless --force, then does it', async () => {
    const onlyBenOwns = [{ user_id: '10002', roles: ['739224:sales', '739224:owner'] }];
    findBen();
    reads(onlyBenOwns);
    ownersAgain(onlyBenOwns);
    const r = await runEpi('users offboard ben@acme.example --yes');
    expectOwnerRefused(r, ['ben@acme.example (10002)']);

    findBen();
    reads(onlyBenOwns);
    benChanges();
    const forced = await runEpi('users offboard ben@acme.example --yes --force');
    expect(forced.code, forced.stderr).toBe(0);
  });

  it('refuses a run that would remove every holder of <org>:owner, naming them all, before anything is sent', async () => {
    reads(BEN_AND_CY_OWN);
    ownersAgain(BEN_AND_CY_OWN);
    expectOwnerRefused(await runEpi('users offboard 10002 10003 --yes --concurrency 2'), ['10002', '10003']);
  });

  it('epi batch rows side by side: two owners each see the other, but the second row to remove its owner role is refused', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'epi-offboard-')), 'leavers.csv');
    writeFileSync(file, 'email\nben@acme.example\ncy@acme.example\n');
    findBen();
    // Cy's row starts a little later, so Ben's row takes the first turn at the owner role; Ben's
    // DELETE takes longer than that, so Cy's row reaches its check while Ben's removal is in flight.
    nock(USERS).get('/v2/users').query({ query: 'cy@acme.example', limit: '50' }).delay(50).reply(200, { results: [CY] });
    for (let row = 0; row < 2; row++) {
      nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });
      nock(USERS).get('/v1/groups').query({ limit: '100' }).reply(200, { hits: 0, groups: [] });
    }
    // The assignments as the API has them: Ben's owner role goes when its DELETE has been answered.
    const ben = slowOwnerRemoval('10002');
    // Each row reads the assignments once, and again in its turn.
    for (let read = 0; read < 4; read++) ownerHolders(() => BEN_AND_CY_OWN.filter((a) => a.user_id !== '10002' || !ben.removed()));
    const r = await runEpi(['batch', file, '--concurrency', '2', '--json', '--', 'users', 'offboard', '{email}', '--keep-user', '--yes']);
    expectSecondRowRefused(r, 'cy@acme.example (10003)');
    expect(paths(r).filter((p) => !p.startsWith('GET'))).toEqual(['DELETE /v1/permissions/assignments/10002/739224:owner']);
  });

  it('fails the user (exit 1) when a request fails, naming the step and what was already removed', async () => {
    findBen();
    reads();
    ownersAgain();
    nock(USERS).get('/v1/groups/g1').reply(200, FINANCE);
    nock(USERS).patch('/v1/groups/g1', { user_ids: ['10001', '10003'] }).reply(200, group('g1', 'Finance', ['10001', '10003']));
    nock(USERS).get('/v1/groups/g2').reply(200, OPS);
    nock(USERS).patch('/v1/groups/g2', { user_ids: [] }).reply(200, group('g2', 'Ops', []));
    nock(PERMS).delete('/v1/permissions/assignments/10002/739224%3Asales').reply(500, { message: 'boom' });
    const r = await runEpi('users offboard ben@acme.example --yes --json --max-retries 0');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({
      status: 'failed',
      reason: 'unassigning role Sales Team: 500: boom',
      groups_removed: [{ id: 'g1', name: 'Finance' }, { id: 'g2', name: 'Ops' }],
      roles_removed: [],
      user_deleted: false,
    });
  });

  it('offboards every user of --from-file, one report row and journal line each with what was removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epi-offboard-'));
    const file = join(dir, 'leavers.csv');
    // "E-Mail" is the email column, as German spreadsheets head it.
    writeFileSync(file, 'Name;E-Mail\nBen;ben@acme.example\nCy;CY@acme.example\n');
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [ADA, BEN, CY] });
    reads();
    ownersAgain();
    benChanges();
    nock(USERS).get('/v1/groups/g1').reply(200, group('g1', 'Finance', ['10001', '10003']));
    nock(USERS).patch('/v1/groups/g1', { user_ids: ['10001'] }).reply(200, group('g1', 'Finance', ['10001']));
    nock(PERMS).delete('/v1/permissions/assignments/10003/739224%3Asales').reply(200, {});
    nock(USERS).delete('/v2/users/10003').reply(200, CY);
    const journal = join(dir, 'run.ndjson');
    const r = await runEpi(['users', 'offboard', '--from-file', file, '--yes', '--concurrency', '1', '--journal', journal, '--json', 'row,item,status,roles_removed']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'line 2', item: 'ben@acme.example', status: 'done', roles_removed: [{ id: '739224:sales', name: 'Sales Team' }, { id: '739224:owner', name: 'Owner' }] },
      { row: 'line 3', item: 'CY@acme.example', status: 'done', roles_removed: [{ id: '739224:sales', name: 'Sales Team' }] },
    ]);
    expect(r.stderr).toContain('Offboarding 2 users; this removes:');
    const lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.key === 'cy@acme.example' && l.status === 'done').fields).toEqual({
      roles_removed: [{ id: '739224:sales', name: 'Sales Team' }],
      groups_removed: [{ id: 'g1', name: 'Finance' }],
      user_deleted: true,
    });
  });

  it('refuses a file row that names no user, and arguments together with --from-file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'epi-offboard-')), 'leavers.csv');
    writeFileSync(file, 'email,name\nben@acme.example,Ben\n,Nobody\n');
    const r = await runEpi(['users', 'offboard', '--from-file', file, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 of 2 rows of --from-file name no user; nothing was sent:\n  line 3: no user, email, id value');
    expect(r.requests).toEqual([]);
    const both = await runEpi(['users', 'offboard', '10002', '--from-file', file]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Pass users as arguments or --from-file, not both.');
    const none = await runEpi('users offboard --yes');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name the users to offboard.');
  });

  it('exits 3 naming an unknown email, before anything is read or sent', async () => {
    nock(USERS).get('/v2/users').query({ query: 'nobody@acme.example', limit: '50' }).reply(200, { results: [] });
    const r = await runEpi('users offboard nobody@acme.example --yes');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No user with email "nobody@acme.example"');
    expect(r.requests).toHaveLength(1);
  });

  it('runs once per row through epi batch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'epi-offboard-')), 'leavers.csv');
    writeFileSync(file, 'email\nben@acme.example\n');
    findBen();
    reads();
    ownersAgain();
    benChanges(false);
    const r = await runEpi(['batch', file, '--json', '--', 'users', 'offboard', '{email}', '--keep-user', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const [row] = JSON.parse(r.stdout);
    expect(row).toMatchObject({ row: 'line 2', status: 'done', exit_code: 0 });
    expect(row.stdout).toContain('Finance; Ops\tSales Team; Owner\tno\tdone');
  });

  it('through epi batch, a row that fails after its plan was printed reports the error, not the plan', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'epi-offboard-')), 'leavers.csv');
    writeFileSync(file, 'email\nben@acme.example\n');
    findBen();
    reads();
    ownersAgain();
    nock(USERS).get('/v1/groups/g1').reply(403, { message: 'Forbidden: groups are read-only for you' });
    const r = await runEpi(['batch', file, '--json', '--', 'users', 'offboard', '{email}', '--keep-user', '--yes']);
    expect(r.code).toBe(1);
    const [row] = JSON.parse(r.stdout);
    expect(row).toMatchObject({ row: 'line 2', status: 'failed' });
    expect(row.stderr).toMatch(/^Offboarding removes/);
    expect(row.reason).not.toContain('Offboarding removes');
    expect(row.reason, JSON.stringify(row)).toMatch(/failed/);
  });

  it('--resume skips the users a journal has as done, without looking them up again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epi-offboard-'));
    const journal = join(dir, 'run.ndjson');
    writeFileSync(journal, `${JSON.stringify({ run: '2026-11-25T10:00:00.000Z', command: [] })}\n${JSON.stringify({ key: 'ben@acme.example', row: 'user 1', status: 'done', id: '10002' })}\n`);
    reads();
    nock(USERS).get('/v1/groups/g1').reply(200, FINANCE);
    nock(USERS).patch('/v1/groups/g1', { user_ids: ['10001', '10002'] }).reply(200, group('g1', 'Finance', ['10001', '10002']));
    nock(PERMS).delete('/v1/permissions/assignments/10003/739224%3Asales').reply(200, {});
    nock(USERS).delete('/v2/users/10003').reply(200, CY);
    const r = await runEpi(['users', 'offboard', 'BEN@acme.example', '10003', '--yes', '--resume', journal, '--json', 'item,status,reason']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { item: 'BEN@acme.example', status: 'skipped', reason: 'done in an earlier run' },
      { item: '10003', status: 'done', reason: 'access removed; user deleted' },
    ]);
  });

  it('asks the API who the token is when the token names no user, and refuses that user', async () => {
    reads();
    nock(USERS).get('/v2/users/me').reply(200, BEN);
    const token = makeToken({ 'custom:ivy_user_id': undefined });
    const r = await runEpi('users offboard 10002 --yes', { token });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Refusing to offboard yourself (10002 is the user of the token in use)');
  });
});

