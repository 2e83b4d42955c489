import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';

const API = 'https://user.sls.epilot.io';

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
    nock(API)
      .post('/v2/users/invite', { email: 'anna@acme.example', roles: ['739224:owner', '739224:admin', '739224:agent'], language: 'de' })
      .reply(201, { id: '10009', email: 'anna@acme.example', status: 'Pending' });
    const r = await runEpi('users invite --email anna@acme.example --roles 739224:owner,739224:admin --roles 739224:agent --language de');
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

  it('prints the POST under --dry-run and sends nothing', async () => {
    const r = await runEpi('users invite --email anna@acme.example --roles r1 --dry-run', { token: null });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${API}/v2/users/invite`, body: { email: 'anna@acme.example', roles: ['r1'] } });
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

describe('epi users invite --from-file', () => {
  it('invites every CSV row (roles split on ";", empty cells left out) and reports them in input order', async () => {
    const file = usersFile('users.csv', 'email,roles,language\nanna@acme.example,739224:owner;739224:agent,de\n\nben@acme.example,,\n"carl@acme.example",739224:agent,en\n');
    const anna = expectInvite({ email: 'anna@acme.example', roles: ['739224:owner', '739224:agent'], language: 'de' });
    const ben = expectInvite({ email: 'ben@acme.example' });
    const carl = expectInvite({ email: 'carl@acme.example', roles: ['739224:agent'], language: 'en' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { email: 'anna@acme.example', status: 'invited', user_id: anna },
      { email: 'ben@acme.example', status: 'invited', user_id: ben },
      { email: 'carl@acme.example', status: 'invited', user_id: carl },
    ]);
    expect(r.stderr).toBe('Invited 3, skipped 0, failed 0 of 3 rows.\n');
  });

  it('reads a JSON array with the same fields; --roles and --language fill rows that leave them empty', async () => {
    const file = usersFile('users.json', JSON.stringify([{ email: 'anna@acme.example', roles: ['r1', 'r2'] }, { email: 'ben@acme.example', language: 'de' }]));
    expectInvite({ email: 'anna@acme.example', roles: ['r1', 'r2'], language: 'en' });
    expectInvite({ email: 'ben@acme.example', roles: ['r0'], language: 'de' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--roles', 'r0', '--language', 'en', '--json', 'email,status']);
    expect(JSON.parse(r.stdout)).toEqual([
      { email: 'anna@acme.example', status: 'invited' },
      { email: 'ben@acme.example', status: 'invited' },
    ]);
  });

  it('reads NDJSON, one object per line, blank lines ignored', async () => {
    const file = usersFile('users.ndjson', '{"email":"anna@acme.example","roles":"r1;r2"}\n\n{"email":"ben@acme.example","language":"en"}\n');
    expectInvite({ email: 'anna@acme.example', roles: ['r1', 'r2'] });
    expectInvite({ email: 'ben@acme.example', language: 'en' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--json', 'status']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ status: 'invited' }, { status: 'invited' }]);
  });

  it('lists every invalid CSV row by file line (header is line 1), exits 2 and sends nothing', async () => {
    const file = usersFile(
      'users.csv',
      'email,roles,language\nanna@acme.example,,\nbob,,\n,r1,\nclara@acme.example,,fr\nANNA@acme.example,,\ndora@acme.example,r1,en,extra\n',
    );
    const r = await runEpi(['users', 'invite', '--from-file', file]);
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`5 of 6 rows in "${file}" are invalid; nothing was sent:`);
    expect(r.stderr).toContain('  line 3: email "bob" is not a valid email address\n');
    expect(r.stderr).toContain('  line 4: email is missing\n');
    expect(r.stderr).toContain('  line 5: language "fr" is not one of: en, de\n');
    expect(r.stderr).toContain('  line 6: ANNA@acme.example is already on line 2\n');
    expect(r.stderr).toContain('  line 7: has 4 fields but the header has 3\n');
    expect(r.stderr).toContain('--skip-invalid');
  });

  it('numbers invalid JSON items from 1 and invalid NDJSON rows by line, also as data under --json', async () => {
    const json = usersFile('users.json', JSON.stringify([{ email: 'anna@acme.example' }, { email: 'ben@acme.example', role: 'r1' }, 'carl@acme.example']));
    const r = await runEpi(['users', 'invite', '--from-file', json, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.invalid_rows).toEqual([
      { where: 'item 2', email: 'ben@acme.example', problem: 'unknown field "role" (known: email, roles, language)' },
      { where: 'item 3', email: '', problem: 'is not a JSON object' },
    ]);
    const ndjson = usersFile('users.ndjson', '{"email":"anna@acme.example"}\n{"email": "ben@acme.example",\n\n{"email":"carl@acme.example","roles":[1]}\n');
    const n = await runEpi(['users', 'invite', '--from-file', ndjson]);
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/ {2}line 2: not valid JSON: /);
    expect(n.stderr).toContain('  line 4: roles must be role ids separated by ";" or a JSON array of strings\n');
    expect([...r.requests, ...n.requests]).toEqual([]);
  });

  it('--skip-invalid invites the valid rows and reports the invalid ones as skipped', async () => {
    const file = usersFile('users.csv', 'email,roles,language\nanna@acme.example,,\nbob,,\nclara@acme.example,,de\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    const clara = expectInvite({ email: 'clara@acme.example', language: 'de' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { email: 'anna@acme.example', status: 'invited', user_id: anna },
      { email: 'bob', status: 'skipped', reason: 'invalid (line 3): email "bob" is not a valid email address' },
      { email: 'clara@acme.example', status: 'invited', user_id: clara },
    ]);
  });

  it('attempts and reports every row when some fail, exits 1 and says how to rerun', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\ncarl@acme.example\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    nock(API).post('/v2/users/invite', { email: 'ben@acme.example' }).reply(400, { message: 'Unable to invite the above email address.' });
    const carl = expectInvite({ email: 'carl@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { email: 'anna@acme.example', status: 'invited', user_id: anna },
      { email: 'ben@acme.example', status: 'failed', error: '400: Unable to invite the above email address.' },
      { email: 'carl@acme.example', status: 'invited', user_id: carl },
    ]);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Invited 2, skipped 0, failed 1 of 3 rows.');
    expect(JSON.parse(lines[1]!).error).toMatchObject({ message: '1 of 3 invitations failed.', exit_code: 1, hint: expect.stringContaining('--skip-existing') });
  });

  it('never retries a failed POST: a 503 row is reported failed after one request', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\n');
    nock(API).post('/v2/users/invite').reply(503, { message: 'busy' });
    const r = await runEpi(['users', 'invite', '--from-file', file]);
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(r.stdout).toBe('anna@acme.example\tfailed\t\t503: busy\n');
  });

  it('--skip-existing reads every page of users once and invites only the new addresses', async () => {
    const page = Array.from({ length: 50 }, (_, i) => ({ id: String(500 + i), email: `u${i}@acme.example` }));
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: page });
    nock(API).get('/v2/users').query({ limit: '50', offset: '50' }).reply(200, { results: [{ id: '777', email: 'Ben@Acme.example' }] });
    const file = usersFile('users.csv', 'email\nu7@acme.example\nben@acme.example\nnew@acme.example\n');
    const fresh = expectInvite({ email: 'new@acme.example' });
    const r = await runEpi(['users', 'invite', '--from-file', file, '--skip-existing', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { email: 'u7@acme.example', status: 'skipped', user_id: '507', reason: 'already exists' },
      { email: 'ben@acme.example', status: 'skipped', user_id: '777', reason: 'already exists' },
      { email: 'new@acme.example', status: 'invited', user_id: fresh },
    ]);
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(r.requests.filter((q) => q.method === 'GET')).toHaveLength(2);
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
      const r = await runEpi(['users', 'invite', '--from-file', file, '--json', 'user_id', ...args]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(emails.map((e) => ({ user_id: `id-${e}` })));
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
    const report = JSON.parse(r.stdout) as Array<{ status: string; error: string }>;
    expect(report.map((x) => x.status)).toEqual(['failed', 'failed', 'failed']);
    expect(report[0]!.error).toBe('401: Unauthorized');
    expect(report[2]!.error).toBe('not sent: 401: Unauthorized');
  });

  it('prints TSV rows when piped, and a progress counter plus a table on a terminal', async () => {
    const file = usersFile('users.csv', 'email\nanna@acme.example\nben@acme.example\n');
    const anna = expectInvite({ email: 'anna@acme.example' });
    const ben = expectInvite({ email: 'ben@acme.example' });
    const piped = await runEpi(['users', 'invite', '--from-file', file]);
    expect(piped.stdout).toBe(`anna@acme.example\tinvited\t${anna}\t\nben@acme.example\tinvited\t${ben}\t\n`);
    expect(piped.stderr).not.toContain('\r');
    expectInvite({ email: 'anna@acme.example' });
    expectInvite({ email: 'ben@acme.example' });
    const tty = await runEpi(['users', 'invite', '--from-file', file], { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stderr).toContain('\rInviting users: 1/2\rInviting users: 2/2');
    expect(tty.stderr).toContain('Invited 2, skipped 0, failed 0 of 2 rows.');
    expect(tty.stdout).toMatch(/^Email\s+Status\s+User ID\s+Detail/m);
    expect(tty.stdout).toMatch(/^ben@acme\.example\s+invited/m);
  });

  it('--dry-run prints each planned POST and no report', async () => {
    const file = usersFile('users.csv', 'email,roles\nanna@acme.example,r1\nben@acme.example,\n');
    const r = await runEpi(['users', 'invite', '--from-file', file, '--dry-run'], { token: null });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe('');
    const plans = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(plans.map((p) => [p.method, p.url, p.body])).toEqual([
      ['POST', `${API}/v2/users/invite`, { email: 'anna@acme.example', roles: ['r1'] }],
      ['POST', `${API}/v2/users/invite`, { email: 'ben@acme.example' }],
    ]);
  });

  it('rejects an unknown header, an unknown extension, a missing file and an empty one', async () => {
    const header = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'mail,role\na@acme.example,r1\n')]);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('must name the columns email, roles and language; unknown: mail, role');
    const ext = await runEpi(['users', 'invite', '--from-file', usersFile('users.txt', 'a@acme.example\n')]);
    expect(ext.code).toBe(2);
    expect(ext.stderr).toContain('Cannot tell the format');
    const missing = await runEpi(['users', 'invite', '--from-file', '/nonexistent/users.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const empty = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email,roles,language\n')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('has no rows to invite');
    const both = await runEpi(['users', 'invite', '--from-file', usersFile('users.csv', 'email\na@acme.example\n'), '--email', 'b@acme.example']);
    expect(both.code).toBe(2);
    expect([...header.requests, ...ext.requests, ...missing.requests, ...empty.requests, ...both.requests]).toEqual([]);
  });

  it('rejects a --concurrency outside 1..16', async () => {
    const r = await runEpi(['users', 'invite', '--from-file', 'x.csv', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--concurrency takes a whole number from 1 to 16');
  });
});
