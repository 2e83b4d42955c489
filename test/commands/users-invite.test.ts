import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';

const API = 'https://user.sls.epilot.io';
const PERMS = 'https://permissions.sls.epilot.io';

const ROLES = [
  { id: '739224:owner', slug: 'owner', name: 'Owner', type: 'user_role', organization_id: '739224', grants: [] },
  { id: '739224:agent', slug: 'agent', name: 'Sales Agent', type: 'user_role', organization_id: '739224', grants: [] },
  { id: '739224:admin', slug: 'admin', name: 'Admin', type: 'user_role', organization_id: '739224', grants: [] },
];
/** The one read of the organization's roles that resolves every role reference. */
const expectRoles = () => nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: ROLES });

/** Writes a users file with this name into a fresh directory and returns its path. */
function usersFile(name: string, content: string): string {
  const path = join(tempConfigDir(), name);
  writeFileSync(path, content);
  return path;
}

type Invitation = { email: string; roles?: string[]; language?: string };

let nextId = 3000;
/** One expected POST /v2/users/invite with exactly this body, answered with a new pending user. */
function expectInvite(body: Invitation) {
  const id = String(++nextId);
  nock(API).post('/v2/users/invite', body).reply(201, { id, email: body.email, status: 'Pending' });
  return id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('epi users invite --email', () => {
  it('sends email, roles (repeatable and comma-separated) and language, and prints the new user', async () => {
    expectRoles();
    nock(API)
      .post('/v2/users/invite', { email: 'anna@acme.example', roles: ['739224:owner', '739224:admin', '739224:agent'], language: 'de' })
      .reply(201, { id: '10009', email: 'anna@acme.example', status: 'Pending' });
    const r = await runEpi('users invite --email anna@acme.example --role 739224:owner,ADMIN --roles "Sales Agent" --language DE');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['ID\t10009', 'Email\tanna@acme.example', 'Status\tPending']));
    expect(r.stderr).toContain('Invited anna@acme.example');
  });

  it('sends only the email when nothing else is given, and --json prints the user', async () => {
    nock(API).post('/v2/users/invite', { email: 'anna@acme.example' }).reply(201, { id: '10009', email: 'anna@acme.example' });
    const r = await runEpi('users invite --email anna@acme.example --json id');
    expect(JSON.parse(r.stdout)).toEqual({ id: '10009' });
  });

  it('validates email and language before sending', async () => {
    const email = await runEpi('users invite --email anna');
    expect(email.code).toBe(2);
    expect(email.stderr).toContain('--email "anna" is not a valid email address');
    const lang = await runEpi('users invite --email anna@acme.example --language fr');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--language "fr" is not one of: en, de');
    expect([...email.requests, ...lang.requests]).toEqual([]);
  });

  it('needs --email or --from-file without a terminal, and prompts on one', async () => {
    const missing = await runEpi('users invite');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --email');
    expect(missing.stderr).toContain('--from-file');
    nock(API).post('/v2/users/invite', { email: 'anna@acme.example' }).reply(201, { id: '10009' });
    const prompted = await runEpi('users invite', { tty: true, prompter: { input: async () => 'anna@acme.example' } });
    expect(prompted.code).toBe(0);
  });

  it('refuses bulk-only flags without --from-file', async () => {
    const r = await runEpi('users invite --email anna@acme.example --skip-existing --concurrency 2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--skip-existing, --concurrency only apply to --from-file');
    expect(r.requests).toEqual([]);
  });

  it('prints the POST under --dry-run and sends nothing (the roles are still read to resolve them)', async () => {
    expectRoles();
    const r = await runEpi('users invite --email anna@acme.example --role owner --dry-run');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${API}/v2/users/invite`, body: { email: 'anna@acme.example', roles: ['739224:owner'] } });
  });

  it('an unknown role is a usage error naming the closest roles; nothing is invited', async () => {
    expectRoles();
    const r = await runEpi('users invite --email anna@acme.example --role ownr');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--role: no role "ownr" (closest: 739224:owner). Nothing was sent.');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('never retries the POST: one 503 is one request and exit 1', async () => {
    nock(API).post('/v2/users/invite').reply(503, { message: 'busy' });
    const r = await runEpi('users invite --email anna@acme.example');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
  });

  it('maps 401 to exit 4', async () => {
    nock(API).post('/v2/users/invite').reply(401, { message: 'Unauthorized' });
    expect((await runEpi('users invite --email anna@acme.example')).code).toBe(4);
  });
});

type Row = { row: string; item: string; status: string; id?: string; reason?: string };

describe('epi users invite --from-file: input files an admin has', () => {
  it('invites every CSV row (roles by id, slug or name; empty cells left out) and reports them in input order', async () => {
    const file = usersFile('users.csv', 'email,roles,language\nanna@acme.example,739224:owner;agent,de\n\nben@acme.example,,\n"carl@acme.example",Sales Agent,EN\n');
    expectRoles();
    const anna = expectInvite({ email: 'anna@acme.example', roles: ['739224:owner', '739224:agent'], language: 'de' });
    const ben = expectInvite({ email: 'ben@acme.example' });
    const carl = expectInvite({ email: 'carl@acme.example', roles: ['739224:agent'], language: 'en' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'line 2', item: 'anna@acme.example', status: 'done', id: anna },
      { row: 'line 4', item: 'ben@acme.example', status: 'done', id: ben },
      { row: 'line 5', item: 'carl@acme.example', status: 'done', id: carl },
    ]);
    expect(r.stderr).toMatch(/^3 done, 0 failed of 3 rows\.\nJournal: .+\.ndjson\n$/);
  });

  it('reads a German Excel CSV: BOM, ";" delimiter, CRLF, quoted fields with ";" inside, extra columns ignored with one warning', async () => {
    const file = usersFile('Benutzer.csv', '\uFEFFName;Email;Roles;Language\r\n"Müller; Anna";anna@acme.example;"owner;agent";DE\r\nBen;ben@acme.example;;\r\n');
    expectRoles();
    expectInvite({ email: 'anna@acme.example', roles: ['739224:owner', '739224:agent'], language: 'de' });
    expectInvite({ email: 'ben@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--json', 'item,status']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { item: 'anna@acme.example', status: 'done' },
      { item: 'ben@acme.example', status: 'done' },
    ]);
    expect(r.stderr.match(/warning: Ignoring column "name" \(used: email, roles, language\)\./g)).toHaveLength(1);
  });

  it('detects a tab delimiter, and --delimiter overrides the detection', async () => {
    expectInvite({ email: 'anna@acme.example', language: 'de' });
    const tab = await runEpi(['users', 'invite', '--from-file', usersFile('users.tsv', 'email\tlanguage\nanna@acme.example\tde\n'), '--json', 'status']);
    expect(JSON.parse(tab.stdout)).toEqual([{ status: 'done' }]);
    // The header has more commas than pipes, but the file is pipe-separated.
    expectInvite({ email: 'ben@acme.example', language: 'en' });
    const pipe = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email|language\nben@acme.example|en\n'), '--delimiter', '|', '--json', 'status']);
    expect(JSON.parse(pipe.stdout)).toEqual([{ status: 'done' }]);
    const bad = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email\n'), '--delimiter', ':']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--delimiter ":" is not one of: , ; tab |');
  });

  it('--from-file - reads stdin: CSV, JSON or NDJSON told from the content, or named by --input-format', async () => {
    expectInvite({ email: 'anna@acme.example' });
    const csv = await runEpi(['users', 'invite', '--from-file', '-', '--json', 'item'], { stdin: 'email;language\nanna@acme.example;\n' });
    expect(JSON.parse(csv.stdout)).toEqual([{ item: 'anna@acme.example' }]);
    expectInvite({ email: 'ben@acme.example', language: 'de' });
    const ndjson = await runEpi(['users', 'invite', '--from-file', '-', '--json', 'item'], { stdin: '{"email":"ben@acme.example","language":"De"}\n' });
    expect(JSON.parse(ndjson.stdout)).toEqual([{ item: 'ben@acme.example' }]);
    expectInvite({ email: 'carl@acme.example' });
    const json = await runEpi(['users', 'invite', '--from-file', '-', '--input-format', 'JSON', '--json', 'item'], { stdin: '[{"Email":"carl@acme.example"}]' });
    expect(JSON.parse(json.stdout)).toEqual([{ item: 'carl@acme.example' }]);
    const wrong = await runEpi(['users', 'invite', '--from-file', '-', '--input-format', 'xlsx'], { stdin: 'x' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--input-format "xlsx" is not one of: csv, json, ndjson');
  });

  it('merges identical duplicate rows with a warning; a conflicting duplicate is invalid and names both lines', async () => {
    expectInvite({ email: 'anna@acme.example', language: 'de' });
    const same = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email,language\nanna@acme.example,de\nANNA@acme.example,DE\n'), '--json', 'row']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toEqual([{ row: 'line 2' }]);
    expect(same.stderr).toContain('warning: Merged 1 identical duplicate row: line 3 (same as line 2).');
    const conflict = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email,language\nanna@acme.example,de\nanna@acme.example,en\n')]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('  line 3: anna@acme.example is also on line 2, with different roles or language\n');
    expect(conflict.requests).toEqual([]);
  });

  it('lists every invalid row (an unknown role with its closest matches too), exits 2 and sends nothing', async () => {
    const file = usersFile('users.csv', 'email,roles,language\nanna@acme.example,,\nbob,,\n,owner,\nclara@acme.example,,fr\ndora@acme.example,ownr;agent,en\nemil@acme.example,r1,en,extra\n');
    expectRoles();
    const r = await runEpi(['users', 'invite', '--from-file', file]);
    expect(r.code).toBe(2);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`5 of 6 rows in "${file}" are invalid; nothing was sent:`);
    expect(r.stderr).toContain('  line 3: email "bob" is not a valid email address\n');
    expect(r.stderr).toContain('  line 4: email is missing\n');
    expect(r.stderr).toContain('  line 5: language "fr" is not one of: en, de\n');
    expect(r.stderr).toContain('  line 6: no role "ownr" (closest: 739224:owner)\n');
    expect(r.stderr).toContain('  line 7: has 4 fields but the header has 3\n');
    expect(r.stderr).toContain('--skip-invalid');
  });

  it('numbers invalid JSON items from 1 and invalid NDJSON rows by line, also as data under --json', async () => {
    const json = usersFile('users.json', JSON.stringify([{ email: 'anna@acme.example' }, { email: 42 }, 'carl@acme.example']));
    const r = await runEpi(['users', 'invite', '--from-file', json, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.invalid_rows).toEqual([
      { where: 'item 2', email: '', problem: 'email must be a string' },
      { where: 'item 3', email: '', problem: 'is not a JSON object' },
    ]);
    const ndjson = usersFile('users.ndjson', '{"email":"anna@acme.example"}\n{"email": "ben@acme.example",\n\n{"email":"carl@acme.example","roles":[1]}\n');
    const n = await runEpi(['users', 'invite', '--from-file', ndjson]);
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/ {2}line 2: not valid JSON: /);
    expect(n.stderr).toContain('  line 4: roles must be roles separated by ";" or a JSON array of strings\n');
    expect([...r.requests, ...n.requests]).toEqual([]);
  });

  it('--skip-invalid invites the valid rows and reports the invalid ones as skipped', async () => {
    const file = usersFile('users.csv', 'email,roles,language\nanna@acme.example,,\nbob,,\nclara@acme.example,,de\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    const clara = expectInvite({ email: 'clara@acme.example', language: 'de' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'line 2', item: 'anna@acme.example', status: 'done', id: anna },
      { row: 'line 3', item: 'bob', status: 'skipped', reason: 'invalid: email "bob" is not a valid email address' },
      { row: 'line 4', item: 'clara@acme.example', status: 'done', id: clara },
    ]);
  });

  it('sends each row exactly what it asks for and reports every row as written, addresses beyond Latin-1 too', async () => {
    // Rows are kept compactly between reading and sending: each must come back with its own roles,
    // language and address, and a row with an unknown role is skipped with the reason.
    const file = usersFile(
      'users.csv',
      'email,roles,language\nanna@acme.example,owner,\njürgen@müller.example,agent;admin,de\n名前@acme.example,,en\nzoë🙂@acme.example,nobody,\nben@acme.example,owner,de\nBob@Acme.example,,\n',
    );
    expectRoles();
    const ids = [
      expectInvite({ email: 'anna@acme.example', roles: ['739224:owner'] }),
      expectInvite({ email: 'jürgen@müller.example', roles: ['739224:agent', '739224:admin'], language: 'de' }),
      expectInvite({ email: '名前@acme.example', language: 'en' }),
      expectInvite({ email: 'ben@acme.example', roles: ['739224:owner'], language: 'de' }),
      expectInvite({ email: 'Bob@Acme.example' }),
    ];
    const r = await runEpi(['users', 'invite', '--from-file', file, '--skip-invalid', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual([
      { row: 'line 2', item: 'anna@acme.example', status: 'done', id: ids[0] },
      { row: 'line 3', item: 'jürgen@müller.example', status: 'done', id: ids[1] },
      { row: 'line 4', item: '名前@acme.example', status: 'done', id: ids[2] },
      { row: 'line 5', item: 'zoë🙂@acme.example', status: 'skipped', reason: expect.stringMatching(/^invalid: .*nobody/) },
      { row: 'line 6', item: 'ben@acme.example', status: 'done', id: ids[3] },
      { row: 'line 7', item: 'Bob@Acme.example', status: 'done', id: ids[4] },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('reads a file larger than the part read to detect its format row by row: every row is checked, with its line', async () => {
    // 3,000 rows of about 40 bytes: the delimiter comes from the first 64 KB, the rows from the stream.
    const lines = ['email;roles;language'];
    for (let i = 0; i < 3000; i++) lines.push(i === 2999 ? 'not-an-address;;de' : `user${i}@acme.example;;${i % 2 ? 'DE' : 'en'}`);
    const r = await runEpi(['users', 'invite', '--from-file', usersFile('users.txt', `${lines.join('\r\n')}\r\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 of 3000 rows in');
    expect(r.stderr).toContain('line 3001: email "not-an-address" is not a valid email address');
    expect(r.stdout).toBe('');
  });

  it('names a directory given as the file, and warns once about unknown keys of a JSON array', async () => {
    const dir = await runEpi(['users', 'invite', '--from-file', tempConfigDir()]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('it is a directory');
    const json = usersFile('users.json', JSON.stringify([{ email: 'a@acme.example', Name: 'A' }, { email: 'b@acme.example', team: 'x' }, { email: 'b@acme.example' }]));
    const r = await runEpi(['users', 'invite', '--from-file', json, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/warning: Ignoring columns "name", "team" \(used: email, roles, language\)\./g)).toHaveLength(1);
    expect(r.stderr).toContain('Merged 1 identical duplicate row: item 3 (same as item 2).');
  });

  it('takes the column names admins write: role as --role spells it, E-Mail, Sprache, email_address, lang', async () => {
    const csv = usersFile('Benutzer.csv', 'E-Mail;Role;Sprache\nanna@acme.example;owner;DE\n');
    expectRoles();
    expectInvite({ email: 'anna@acme.example', roles: ['739224:owner'], language: 'de' });
    const r = await runEpi(['users', 'invite', '--from-file', csv, '--json', 'item,status']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ item: 'anna@acme.example', status: 'done' }]);
    expect(r.stderr).not.toContain('Ignoring');

    const json = usersFile('users.json', JSON.stringify([{ Email_Address: 'ben@acme.example', role: ['Sales Agent'], lang: 'en' }]));
    expectRoles();
    expectInvite({ email: 'ben@acme.example', roles: ['739224:agent'], language: 'en' });
    const fromJson = await runEpi(['users', 'invite', '--from-file', json, '--json', 'status']);
    expect(fromJson.code, fromJson.stderr).toBe(0);
    expect(fromJson.stderr).not.toContain('Ignoring');
  });

  it('refuses one column given twice under two names, in a header or a JSON item', async () => {
    const csv = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email,role,roles\na@acme.example,owner,agent\n')]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('error: The header of --from-file "');
    expect(csv.stderr).toContain('has both "role" and "roles", which are the same column (roles).\nKeep one of them.\n');
    const json = await runEpi(['users', 'invite', '--from-file', usersFile('users.json', JSON.stringify([{ email: 'a@acme.example', role: 'owner', roles: 'agent' }]))]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('  item 1: has both "role" and "roles", which are the same field (roles)');
    expect([...csv.requests, ...json.requests]).toEqual([]);
  });

  it('rejects a header without email, a missing file and an empty one', async () => {
    const header = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'address,role\na@acme.example,r1\n')]);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('has no "email" column');
    const missing = await runEpi(['users', 'invite', '--from-file', '/nonexistent/users.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const empty = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email,roles,language\n')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('has no rows');
    const both = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email\na@acme.example\n'), '--email', 'b@acme.example']);
    expect(both.code).toBe(2);
    expect([...header.requests, ...missing.requests, ...empty.requests, ...both.requests]).toEqual([]);
  });
});

describe('epi users invite --from-file: the bulk runner', () => {
  it('attempts and reports every row when some fail, exits 1 and names the --resume command', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\ncarl@acme.example\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    nock(API).post('/v2/users/invite', { email: 'ben@acme.example' }).reply(400, { message: 'Unable to invite the above email address.' });
    const carl = expectInvite({ email: 'carl@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'line 2', item: 'anna@acme.example', status: 'done', id: anna },
      { row: 'line 3', item: 'ben@acme.example', status: 'failed', reason: '400: Unable to invite the above email address.' },
      { row: 'line 4', item: 'carl@acme.example', status: 'done', id: carl },
    ]);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('2 done, 1 failed of 3 rows.');
    const error = JSON.parse(lines.at(-1)!).error;
    expect(error).toMatchObject({ message: '1 of 3 rows failed.', exit_code: 1 });
    expect(error.hint).toMatch(/epi users invite --from-file \S+users\.csv --json --resume \S+\.ndjson/);
  });

  it('never retries a failed POST: a 503 row is reported failed after one request', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\n');
    nock(API).post('/v2/users/invite').reply(503, { message: 'busy' });
    const r = await runEpi(['users', 'invite', '--from-file', file]);
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(r.stdout).toBe('line 2\tanna@acme.example\tfailed\t\t503: busy\n');
  });

  it('a 429 is not a failure: the row waits as Retry-After says and is re-sent once per 429', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\n');
    nock(API).post('/v2/users/invite', { email: 'anna@acme.example' }).reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '0' });
    nock(API).post('/v2/users/invite', { email: 'anna@acme.example' }).reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '0' });
    const anna = expectInvite({ email: 'anna@acme.example' });
    const ben = expectInvite({ email: 'ben@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--concurrency', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'line 2', item: 'anna@acme.example', status: 'done', id: anna },
      { row: 'line 3', item: 'ben@acme.example', status: 'done', id: ben },
    ]);
    // Two 429s, two re-sends; ben may go out while anna waits.
    expect(r.requests.map((q) => (q.body as { email: string }).email).sort()).toEqual(['anna@acme.example', 'anna@acme.example', 'anna@acme.example', 'ben@acme.example']);
  });

  it('--skip-existing reads every page of users once and invites only the new addresses', async () => {
    const page = Array.from({ length: 50 }, (_, i) => ({ id: String(500 + i), email: `u${i}@acme.example` }));
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: page });
    nock(API).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: [{ id: '777', email: 'Ben@Acme.example' }] });
    // Read-ahead: up to 4 pages in flight (no more than --concurrency), so the pages past the short one are asked for too.
    for (const offset of [100, 150, 200]) nock(API).get('/v2/users').query({ limit: '50', offset: String(offset) }).reply(200, { results: [] });
    const file = usersFile('users.csv', 'email\nu7@acme.example\nben@acme.example\nnew@acme.example\n');
    const fresh = expectInvite({ email: 'new@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--skip-existing', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { row: 'line 2', item: 'u7@acme.example', status: 'skipped', reason: 'already exists (user 507)' },
      { row: 'line 3', item: 'ben@acme.example', status: 'skipped', reason: 'already exists (user 777)' },
      { row: 'line 4', item: 'new@acme.example', status: 'done', id: fresh },
    ]);
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(r.requests.filter((q) => q.method === 'GET')).toHaveLength(5);
  });

  it('keeps at most --concurrency invitations in flight, and really runs that many at once', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `p${i}@acme.example`);
    const file = usersFile('users.csv', `email\n${emails.join('\n')}\n`);
    const measure = async (args: string[], limit: number) => {
      let inFlight = 0;
      let most = 0;
      nock(API)
        .post('/v2/users/invite')
        .times(emails.length)
        .reply(async (_uri, body) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await sleep(25);
          inFlight--;
          return [201, { id: `id-${(body as { email: string }).email}` }];
        });
      const r = await runEpi(['users', 'invite', '--from-file', file, '--json', 'id', ...args]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(emails.map((e) => ({ id: `id-${e}` })));
      expect(most).toBe(limit);
    };
    await measure(['--concurrency', '3'], 3);
    await measure([], 4);
  });

  it('stops sending once the token is rejected, reports the rest as not sent, exits 4', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\ncarl@acme.example\n');
    nock(API).post('/v2/users/invite').reply(401, { message: 'Unauthorized' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--concurrency', '1', '--json']);
    expect(r.code).toBe(4);
    expect(r.requests).toHaveLength(1);
    const report = JSON.parse(r.stdout) as Row[];
    expect(report.map((x) => [x.status, x.reason])).toEqual([
      ['failed', '401: Unauthorized'],
      ['not sent', 'stopped: 401: Unauthorized'],
      ['not sent', 'stopped: 401: Unauthorized'],
    ]);
  });

  it('prints TSV rows when piped, and a progress counter plus a table on a terminal', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    const ben = expectInvite({ email: 'ben@acme.example' });
    const piped = await runEpi(['users', 'invite', '--from-file', file, '--concurrency', '1']);
    expect(piped.stdout).toBe(`line 2\tanna@acme.example\tdone\t${anna}\t\nline 3\tben@acme.example\tdone\t${ben}\t\n`);
    expect(piped.stderr).not.toContain('\r');
    expectInvite({ email: 'anna@acme.example' });
    expectInvite({ email: 'ben@acme.example' });
    const tty = await runEpi(['users', 'invite', '--from-file', file, '--concurrency', '1'], { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stderr).toContain('Inviting 1/2');
    expect(tty.stderr).toContain('Inviting 2/2');
    expect(tty.stderr).toContain('2 done, 0 failed of 2 rows.');
    expect(tty.stdout).toMatch(/^Row\s+Email\s+Status\s+ID\s+Detail/m);
    expect(tty.stdout).toMatch(/^line 3\s+ben@acme\.example\s+done/m);
  });

  it('--format csv prints the report as CSV with a header row', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\n=cmd@acme.example\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    nock(API).post('/v2/users/invite', { email: '=cmd@acme.example' }).reply(400, { message: 'Unable to invite the above email address.' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--format', 'csv', '--concurrency', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout.split(/\r?\n/).slice(0, 3)).toEqual([
      'Row,Email,Status,ID,Detail',
      `line 2,anna@acme.example,done,${anna},`,
      "line 3,'=cmd@acme.example,failed,,400: Unable to invite the above email address.",
    ]);
  });

  it('--dry-run prints each planned POST and no report or journal', async () => {
    const file = usersFile('users.csv', 'email,roles\nanna@acme.example,owner\nben@acme.example,\n');
    expectRoles();
    const r = await runEpi(['users', 'invite', '--from-file', file, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(r.stderr).toBe('');
    const plans = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(plans.map((p) => [p.method, p.url, p.body])).toEqual([
      ['POST', `${API}/v2/users/invite`, { email: 'anna@acme.example', roles: ['739224:owner'] }],
      ['POST', `${API}/v2/users/invite`, { email: 'ben@acme.example' }],
    ]);
  });

  it('rejects a --concurrency outside 1..16', async () => {
    const r = await runEpi(['users', 'invite', '--from-file', 'x.csv', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--concurrency takes a whole number from 1 to 16');
  });
});

describe('epi users invite --from-file: journal and --resume', () => {
  it('journals every row as NDJSON (mode 0600); --resume skips rows done and checks rows left in flight', async () => {
    const dir = tempConfigDir();
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\ncarl@acme.example\n');
    const journal = join(dir, 'run.ndjson');
    expectInvite({ email: 'anna@acme.example' });
    nock(API).post('/v2/users/invite', { email: 'ben@acme.example' }).reply(500, { message: 'boom' });
    expectInvite({ email: 'carl@acme.example' });
    const first = await runEpi(['users', 'invite', '--from-file', file, '--journal', journal, '--concurrency', '1']);
    expect(first.code).toBe(1);
    expect(statSync(journal).mode & 0o777).toBe(0o600);
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ run: expect.any(String), command: ['users', 'invite', '--from-file', file, '--journal', journal, '--concurrency', '1'] });
    expect(lines.slice(1).map((l) => [l.key, l.status])).toEqual([
      ['anna@acme.example', 'sending'],
      ['anna@acme.example', 'done'],
      ['ben@acme.example', 'sending'],
      ['ben@acme.example', 'failed'],
      ['carl@acme.example', 'sending'],
      ['carl@acme.example', 'done'],
    ]);
    // A run killed while carl's request was out would have left "sending" last: --resume asks first.
    appendFileSync(journal, `${JSON.stringify({ key: 'carl@acme.example', row: 'line 4', status: 'sending' })}\n`);
    nock(API).get('/v2/users').query({ query: 'carl@acme.example', limit: '50' }).reply(200, { results: [{ id: '4242', email: 'carl@acme.example' }] });
    const ben = expectInvite({ email: 'ben@acme.example' });
    const resumed = await runEpi(['users', 'invite', '--from-file', file, '--resume', journal, '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual([
      { row: 'line 2', item: 'anna@acme.example', status: 'skipped', reason: 'done in an earlier run', id: expect.any(String) },
      { row: 'line 3', item: 'ben@acme.example', status: 'done', id: ben },
      { row: 'line 4', item: 'carl@acme.example', status: 'done', reason: 'confirmed after an interrupted run', id: '4242' },
    ]);
    expect(resumed.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('writes the default journal under $XDG_STATE_HOME/epi/runs', async () => {
    const state = tempConfigDir();
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\n');
    expectInvite({ email: 'anna@acme.example' });
    expectInvite({ email: 'ben@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file], { env: { XDG_STATE_HOME: state } });
    expect(r.code).toBe(0);
    const runs = readdirSync(join(state, 'epi', 'runs'));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/-users-invite-\d+\.ndjson$/);
    expect(r.stderr).toContain(`Journal: ${join(state, 'epi', 'runs', runs[0]!)}`);
  });

  it('--resume with a file that is not a journal is a usage error', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\n');
    const missing = await runEpi(['users', 'invite', '--from-file', file, '--resume', '/nonexistent/run.ndjson']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read --resume journal "/nonexistent/run.ndjson": no such file');
    const notJournal = await runEpi(['users', 'invite', '--from-file', file, '--resume', file]);
    expect(notJournal.code).toBe(2);
    expect(notJournal.stderr).toContain('is not an epi journal');
  });
});
