import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { group, USER_API } from '../helpers/access-fixtures.js';
import { runEpi } from '../helpers/run.js';

const FINANCE = group('g1', 'Finance', ['10001', '10002'], { abbreviation: 'FN', crt_assignee: { id: '10002', display_name: 'Bob', crt_index: 1 } });
const yes = { tty: true, prompter: { confirm: async () => true } };
const cancel = { tty: true, prompter: { confirm: async (): Promise<boolean> => { throw new CancelledError(); } } };

function jsonFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'epi-groups-')), 'body.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('epi groups list', () => {
  it('sends limit only on the first page (no offset, no hydrate=false) and prints TSV', async () => {
    nock(USER_API).get('/v1/groups').query({ limit: '50' }).reply(200, { hits: 2, groups: [FINANCE, group('g2', 'Sales')] });
    const r = await runEpi('groups list');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('g1\tFinance\tFN\t2\tBob (10002)\ng2\tSales\t\t0\t\n');
    expect(r.stderr).toBe('');
  });

  it('passes --query and --hydrate, and prints the groups array under --json', async () => {
    nock(USER_API).get('/v1/groups').query({ limit: '50', query: 'fin', hydrate: 'true' }).reply(200, { hits: 1, groups: [FINANCE] });
    const r = await runEpi('groups list --query fin --hydrate --json id,name');
    expect(JSON.parse(r.stdout)).toEqual([{ id: 'g1', name: 'Finance' }]);
  });

  it('prints [] when there are no groups', async () => {
    nock(USER_API).get('/v1/groups').query(true).reply(200, { hits: 0, groups: [] });
    expect(JSON.parse((await runEpi('groups list --json')).stdout)).toEqual([]);
  });

  it('follows pages with --all, using hits as the total', async () => {
    const api = nock(USER_API);
    api.get('/v1/groups').query({ limit: '100' }).reply(200, { hits: 3, groups: [group('a', 'A'), group('b', 'B')] });
    api.get('/v1/groups').query({ limit: '100', offset: '2' }).reply(200, { hits: 3, groups: [group('c', 'C')] });
    const r = await runEpi('groups list --all --ndjson');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['a', 'b', 'c']);
  });

  it('stops at --limit and warns with the total', async () => {
    nock(USER_API).get('/v1/groups').query({ limit: '2' }).reply(200, { hits: 5, groups: [group('a', 'A'), group('b', 'B')] });
    const r = await runEpi('groups list --limit 2 --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(r.stderr).toContain('Showing 2 of 5 records');
  });

  it.each([
    [401, 4],
    [403, 4],
    [500, 1],
  ])('maps HTTP %i to exit %i', async (status, code) => {
    nock(USER_API).get('/v1/groups').query(true).reply(status, { message: `status ${status}` });
    const r = await runEpi('groups list --max-retries 0');
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
  });
});

describe('epi groups get', () => {
  it('shows members and the current assignee when piped', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, FINANCE);
    const r = await runEpi('groups get g1');
    const lines = r.stdout.split('\n');
    expect(lines).toContain('Members\t10001,10002');
    expect(lines).toContain('Current assignee\tBob (10002)');
  });

  it('asks for hydrated users with --hydrate and prints the record as JSON', async () => {
    const hydrated = { ...FINANCE, users: [{ id: '10001', display_name: 'Ada', email: 'ada@acme.example' }] };
    nock(USER_API).get('/v1/groups/g1').query({ hydrate: 'true' }).reply(200, hydrated);
    const r = await runEpi('groups get g1 --hydrate --json users');
    expect(JSON.parse(r.stdout)).toEqual({ users: hydrated.users });
  });

  it('exits 3 for an unknown group', async () => {
    nock(USER_API).get('/v1/groups/nope').reply(404, { message: 'Group not found' });
    const r = await runEpi('groups get nope');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Group not found');
  });
});

describe('epi groups create', () => {
  it('sends name, unique members, abbreviation and colours (with or without #)', async () => {
    const body = { name: 'Finance', user_ids: ['10001', '10002'], abbreviation: 'FN', image_uri: { gradient_colors: ['#0588f0', '#3358D4'] } };
    nock(USER_API).post('/v1/groups', body).reply(201, group('g9', 'Finance', ['10001', '10002'], { abbreviation: 'FN' }));
    const r = await runEpi(['groups', 'create', '--name', 'Finance', '--user', '10001,10002', '--user', '10001', '--abbreviation', 'FN', '--color', '0588f0', '--color', '#3358D4', '--json', 'id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: 'g9' });
    expect(r.stderr).toContain('Created group "Finance" (g9).');
  });

  it('sends a --from-file body as is', async () => {
    const body = { name: 'Ops', user_ids: ['1'], image_uri: { gradient_colors: ['#000000', '#ffffff'] } };
    nock(USER_API).post('/v1/groups', body).reply(201, group('g3', 'Ops', ['1']));
    const r = await runEpi(['groups', 'create', '--from-file', jsonFile(body)]);
    expect(r.code).toBe(0);
  });

  it.each([
    [['--name', 'X', '--color', 'blue', '--color', '000000'], '"#blue" is not a hex colour'],
    [['--name', 'X', '--color', '000000'], 'exactly two colours'],
    [['--name', 'X', '--abbreviation', 'FIN'], 'longer than 2 characters'],
    [['--user', '1'], 'Missing --name'],
    [['--name', '  '], '--name is empty'],
  ])('refuses %j before sending: %s', async (args, message) => {
    const r = await runEpi(['groups', 'create', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('checks a --from-file body and refuses it mixed with flags', async () => {
    const badColour = await runEpi(['groups', 'create', '--from-file', jsonFile({ name: 'X', image_uri: { gradient_colors: ['#000', '#ffffff'] } })]);
    expect(badColour.code).toBe(2);
    expect(badColour.stderr).toContain('"#000" is not a hex colour');
    const noName = await runEpi(['groups', 'create', '--from-file', jsonFile({ user_ids: ['1'] })]);
    expect(noName.stderr).toContain('needs a "name"');
    const mixed = await runEpi(['groups', 'create', '--name', 'X', '--from-file', jsonFile({ name: 'Y' })]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('cannot be combined');
  });

  it('prints the POST under --dry-run and sends nothing', async () => {
    const r = await runEpi('groups create --name Finance --user 10001 --dry-run');
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${USER_API}/v1/groups`, body: { name: 'Finance', user_ids: ['10001'] } });
  });

  it('exits 1 on a 500 without retrying the POST', async () => {
    nock(USER_API).post('/v1/groups').reply(500, { message: 'boom' });
    const r = await runEpi('groups create --name X');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
  });
});

describe('epi groups update', () => {
  it('PATCHes only the given fields', async () => {
    nock(USER_API).patch('/v1/groups/g1', { name: 'Finance & Co' }).reply(201, { ...FINANCE, name: 'Finance & Co' });
    const r = await runEpi(['groups', 'update', 'g1', '--name', 'Finance & Co', '--json', 'name']);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Finance & Co' });
  });

  it('fails with exit 2 when nothing is given', async () => {
    const r = await runEpi('groups update g1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Nothing to update');
  });

  it('exits 3 for an unknown group and prints the PATCH under --dry-run', async () => {
    nock(USER_API).patch('/v1/groups/nope').reply(404, { message: 'Group not found' });
    expect((await runEpi('groups update nope --abbreviation X')).code).toBe(3);
    const dry = await runEpi('groups update g1 --abbreviation X --dry-run');
    expect(JSON.parse(dry.stdout)).toMatchObject({ method: 'PATCH', body: { abbreviation: 'X' } });
  });
});

describe('epi groups delete', () => {
  it('refuses without a terminal and without --yes, sending nothing', async () => {
    const r = await runEpi('groups delete g1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('deletes after a yes at the prompt', async () => {
    nock(USER_API).delete('/v1/groups/g1').reply(204);
    const r = await runEpi('groups delete g1', yes);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Deleted group g1.');
  });

  it('exits 130 on a cancelled prompt and sends nothing', async () => {
    const r = await runEpi('groups delete g1', cancel);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('Cancelled.\n');
    expect(r.requests).toEqual([]);
  });

  it('deletes with --yes, prints JSON, and exits 3 for an unknown group', async () => {
    nock(USER_API).delete('/v1/groups/g1').reply(204);
    expect(JSON.parse((await runEpi('groups delete g1 --yes --json')).stdout)).toEqual({ id: 'g1', deleted: true });
    nock(USER_API).delete('/v1/groups/nope').reply(404, { message: 'Group not found' });
    expect((await runEpi('groups delete nope --yes')).code).toBe(3);
  });

  it('prints the DELETE under --dry-run', async () => {
    const r = await runEpi('groups delete g1 --dry-run');
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'DELETE', url: `${USER_API}/v1/groups/g1` });
  });
});

describe('epi groups add-users / remove-users', () => {
  it('adds only new members, keeping the order, and says who was there already', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, FINANCE);
    nock(USER_API).patch('/v1/groups/g1', { user_ids: ['10001', '10002', '10003'] }).reply(201, group('g1', 'Finance', ['10001', '10002', '10003']));
    const r = await runEpi('groups add-users g1 10002 10003 10003 --json users');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ users: [{ id: '10001' }, { id: '10002' }, { id: '10003' }] });
    expect(r.stderr).toContain('Already in group "Finance": 10002.');
    expect(r.stderr).toContain('Added 1 member to group "Finance"; it has 3 now.');
  });

  it('sends no PATCH when everyone is already a member', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, FINANCE);
    const r = await runEpi('groups add-users g1 10001');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(r.stderr).toContain('unchanged');
  });

  it('reads members given as bare id strings too', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, { ...FINANCE, users: ['10001'] });
    nock(USER_API).patch('/v1/groups/g1', { user_ids: ['10001', '7'] }).reply(201, group('g1', 'Finance', ['10001', '7']));
    expect((await runEpi('groups add-users g1 7')).code).toBe(0);
  });

  it('removes members and warns about ids that are not members', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, FINANCE);
    nock(USER_API).patch('/v1/groups/g1', { user_ids: ['10002'] }).reply(201, group('g1', 'Finance', ['10002']));
    const r = await runEpi('groups remove-users g1 10001 999');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: User 999 is not a member of group "Finance" (g1); skipped.');
    expect(r.stderr).toContain('Removed 1 member from group "Finance"; it has 1 now.');
  });

  it('sends no PATCH when none of the ids is a member', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, FINANCE);
    const r = await runEpi('groups remove-users g1 999 --json id');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(JSON.parse(r.stdout)).toEqual({ id: 'g1' });
  });

  it('still reads under --dry-run, then prints the PATCH instead of sending it', async () => {
    nock(USER_API).get('/v1/groups/g1').reply(200, FINANCE);
    const r = await runEpi('groups add-users g1 10003 --dry-run');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PATCH', url: `${USER_API}/v1/groups/g1`, body: { user_ids: ['10001', '10002', '10003'] } });
  });

  it('exits 3 when the group does not exist, before any PATCH', async () => {
    nock(USER_API).get('/v1/groups/nope').reply(404, { message: 'Group not found' });
    const r = await runEpi('groups remove-users nope 1');
    expect(r.code).toBe(3);
    expect(r.requests).toHaveLength(1);
  });

  it('exits 2 without a user id', async () => {
    const r = await runEpi('groups add-users g1');
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe("error: missing required argument 'user'\nSee `epi groups add-users --help` for its usage.\n");
  });
});

describe('epi groups next', () => {
  it('advances the assignee and prints the group', async () => {
    nock(USER_API).post('/v1/groups/g1/user:next').reply(200, { ...FINANCE, crt_assignee: { id: '10001', display_name: 'Ada', crt_index: 0 } });
    const r = await runEpi('groups next g1 --json crt_assignee.id');
    expect(JSON.parse(r.stdout)).toEqual({ crt_assignee: { id: '10001' } });
    expect(r.stderr).toContain('Next assignee of group "Finance": Ada.');
  });

  it('explains a 422 (no members) with a hint to add some', async () => {
    nock(USER_API).post('/v1/groups/g1/user:next').reply(422, { message: 'User Group has no users assigned' });
    const r = await runEpi('groups next g1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no users assigned');
    expect(r.stderr).toContain('epi groups add-users g1');
  });

  it('exits 3 for an unknown group, 4 on 401, and prints the POST under --dry-run', async () => {
    nock(USER_API).post('/v1/groups/nope/user:next').reply(404, { message: 'Group not found' });
    expect((await runEpi('groups next nope')).code).toBe(3);
    nock(USER_API).post('/v1/groups/g1/user:next').reply(401, { message: 'Unauthorized' });
    expect((await runEpi('groups next g1')).code).toBe(4);
    const dry = await runEpi('groups next g1 --dry-run');
    expect(JSON.parse(dry.stdout)).toMatchObject({ method: 'POST', url: `${USER_API}/v1/groups/g1/user:next`, body: null });
  });
});
