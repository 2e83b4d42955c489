import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

/**
 * Answers a broken or hostile server can give that look like success: a 200 that is an HTML page
 * or an error, a status epi does not use, another user than the one asked for, a search that only
 * finds lookalikes, a Retry-After that cannot be read or asks for hours, and names built to read
 * as another. None may end in exit 0 with a wrong answer.
 */

const USERS = 'https://user.sls.epilot.io';
const BEN = { id: '10002', organization_id: '739224', email: 'ben@acme.example', display_name: 'Ben', status: 'Active' };
const firstLine = (s: string) => s.split('\n')[0];
/** users delete first asks whether the user holds the owner role (the last-owner guard); here they hold none. */
const holdsNoRole = (id = '10002') => nock('https://permissions.sls.epilot.io').get(`/v1/permissions/assignments/${encodeURIComponent(id)}`).reply(200, []);

describe('a 2xx is only success when it looks like one', () => {
  it('a 200 HTML page (a captive portal, a login proxy) to a delete fails: no "Deleted"', async () => {
    holdsNoRole();
    nock(USERS).delete('/v2/users/10002').reply(200, '<!DOCTYPE html><html><head><title>Sign in to Wi-Fi</title></head></html>', { 'Content-Type': 'text/html' });
    const r = await runEpi('users delete 10002 --yes');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toBe(`error: DELETE ${USERS}/v2/users/10002 answered 200 OK with an HTML page "Sign in to Wi-Fi" instead of JSON.`);
    expect(r.stderr).not.toContain('Deleted');
    expect(r.stderr).toContain('Nothing shows that it worked. Check the API URL (`epi config list`) and any proxy');
  });

  it('a 200 whose body is an error fails with the server\'s words', async () => {
    holdsNoRole();
    nock(USERS).delete('/v2/users/10002').reply(200, { error: { message: 'quota exceeded' } });
    const r = await runEpi('users delete 10002 --yes --json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const { error } = JSON.parse(r.stderr) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ status: 200, message: `DELETE ${USERS}/v2/users/10002 answered 200 OK with an error in its body: quota exceeded.`, server_message: 'quota exceeded', exit_code: 1 });
  });

  it('plain text with a 200 where JSON belongs fails, quoting the start of it', async () => {
    nock(USERS).get('/v2/users/10002').reply(200, 'OK', { 'Content-Type': 'text/plain' });
    const r = await runEpi('users get 10002');
    expect(r.code).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: GET ${USERS}/v2/users/10002 answered 200 OK with text/plain "OK" instead of JSON.`);
  });

  it('206 Partial Content is not a whole listing', async () => {
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(206, { results: [BEN] });
    const r = await runEpi('users list');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toBe(`error: GET ${USERS}/v2/users?limit=50 answered 206 Partial Content (a success status epilot APIs do not use), so epi cannot tell what it means.`);
  });

  it('an empty 204 to a create whose record epi prints fails, and says the group was probably created', async () => {
    nock(USERS).post('/v1/groups').reply(204);
    const r = await runEpi('groups create --name Sales');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: Unexpected response from POST /v1/groups: expected a group with "id", got an empty body\n' +
        'The API answered 204, so if this was a change it was probably made: check (the matching get or list command) before you run it again; --debug shows the response.\n',
    );
  });

  it('an empty 204 to a write whose answer is optional is still fine', async () => {
    holdsNoRole();
    nock(USERS).delete('/v2/users/10002').reply(204);
    const r = await runEpi('users delete 10002 --yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Deleted user 10002.\n');
  });
});

describe('identity: epi acts only on the record it asked for', () => {
  it('GET /v2/users/10002 answered with user 10003 fails instead of showing the wrong user', async () => {
    nock(USERS).get('/v2/users/10002').reply(200, { ...BEN, id: '10003', email: 'eve@acme.example' });
    const r = await runEpi('users get 10002');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toBe('error: Unexpected response from GET /v2/users/10002: expected the record with id "10002", got one with another id ("10003")');
  });

  it('a PATCH answered with another user fails (the change may have gone to it)', async () => {
    nock(USERS).patch('/v2/users/10002').reply(200, { ...BEN, id: '10003' });
    const r = await runEpi('users update 10002 --department Sales');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected the record with id "10002", got one with another id ("10003")');
  });

  it('a search that finds only lookalike emails deletes nobody (exit 3, one read, no DELETE)', async () => {
    const lookalikes = [
      { ...BEN, id: '10090', email: 'ben@acme.example.evil' },
      { ...BEN, id: '10091', email: 'xben@acme.example' },
      { ...BEN, id: '10092', email: 'ben@acme.exampl' },
    ];
    nock(USERS).get('/v2/users').query({ query: 'ben@acme.example', limit: '50' }).reply(200, { results: lookalikes });
    const r = await runEpi('users delete ben@acme.example --yes');
    expect(r.code).toBe(3);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(firstLine(r.stderr)).toBe('error: No user with email "ben@acme.example" in this organization. Nothing was sent.');
  });

  it('the exact match (any case) is taken even when the search puts a lookalike first', async () => {
    nock(USERS)
      .get('/v2/users')
      .query({ query: 'ben@acme.example', limit: '50' })
      .reply(200, { results: [{ ...BEN, id: '10090', email: 'ben@acme.example.evil' }, { ...BEN, email: 'BEN@Acme.Example' }] });
    holdsNoRole();
    nock(USERS).delete('/v2/users/10002').reply(204);
    const r = await runEpi('users delete ben@acme.example --yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Deleted user ben@acme.example (id 10002).\n');
  });

  it('two users with the same email (in any case) are refused, not guessed between (exit 2, no DELETE)', async () => {
    nock(USERS)
      .get('/v2/users')
      .query({ query: 'ben@acme.example', limit: '50' })
      .reply(200, { results: [BEN, { ...BEN, id: '10077', email: 'Ben@ACME.example' }] });
    const r = await runEpi('users delete ben@acme.example --yes');
    expect(r.code).toBe(2);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(r.stderr).toBe(
      'error: Several users have the email "ben@acme.example" (ids 10002 and 10077); epi will not guess which one is meant.\n' +
        'Name the user by id instead; `epi users list --query <email> --json id,email` shows both.\n',
    );
  });

  it('the same for several emails resolved in one pass over the listing', async () => {
    nock(USERS)
      .get('/v2/users')
      .query({ limit: '50' })
      .reply(200, { results: [BEN, { ...BEN, id: '10077' }, { ...BEN, id: '10003', email: 'cy@acme.example' }] });
    const r = await runEpi('groups add-users g1 ben@acme.example cy@acme.example');
    expect(r.code).toBe(2);
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
    expect(r.stderr).toContain('Several users have the email "ben@acme.example" (ids 10002 and 10077)');
  });

  it('user ids beyond 2^53 in a listing fail: JSON numbers that large are rounded, so two users would become one', async () => {
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, '{"results":[{"id":12345678901234567891},{"id":12345678901234567892}]}', { 'Content-Type': 'application/json' });
    const r = await runEpi('users list');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(firstLine(r.stderr)).toBe('error: Unexpected response from GET /v2/users: expected a user with "id" at results[0], got "id" as a number too large to read exactly');
  });
});

describe('Retry-After that cannot be read or asks for too long', () => {
  it('an unreadable Retry-After gets the usual backoff, not two minutes', async () => {
    nock(USERS).get('/v2/users/10002').reply(429, { message: 'slow down' }, { 'Retry-After': 'soon' });
    nock(USERS).get('/v2/users/10002').reply(200, BEN);
    const started = Date.now();
    const r = await runEpi('users get 10002 --json id');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '10002' });
    expect(r.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a Retry-After of hours fails at once, naming the wait, instead of a silent hang', async () => {
    nock(USERS).get('/v2/users/10002').reply(429, { message: 'slow down' }, { 'Retry-After': '1000000000' });
    const r = await runEpi('users get 10002');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(r.stderr).toBe(
      `error: GET ${USERS}/v2/users/10002 failed: 429 Too Many Requests: slow down (it asks to wait 1000000000s before retrying, longer than epi waits: 120s)\nThe API is refusing requests for a long while; try again later.\n`,
    );
  });

  it('the same for an HTTP date a day away on a 503', async () => {
    nock(USERS).get('/v2/users/10002').reply(503, '', { 'Retry-After': new Date(Date.now() + 86_400_000).toUTCString() });
    const r = await runEpi('users get 10002');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(firstLine(r.stderr)).toMatch(/failed: 503 Service Unavailable \(it asks to wait 8\d{4}s before retrying, longer than epi waits: 120s\)$/);
  });
});

describe('names built to read as another', () => {
  const EVE = { ...BEN, id: '10066', display_name: 'Eve\u202enimda\u2066', email: 'eve@acme.example' };

  it('bidi overrides and isolates show as <U+XXXX> in tables, TSV and CSV, and are escaped in JSON', async () => {
    for (const [args, tty] of [['users list', true], ['users list', false], ['users list --format csv', false]] as const) {
      nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [EVE] });
      const r = await runEpi(args, { tty });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Eve<U+202E>nimda<U+2066>');
      expect(r.stdout).not.toMatch(/[\u202e\u2066]/);
    }
    nock(USERS).get('/v2/users').query({ limit: '50' }).reply(200, { results: [EVE] });
    const r = await runEpi('users list --json display_name');
    expect(r.stdout).toBe('[\n  {\n    "display_name": "Eve\\u202enimda\\u2066"\n  }\n]\n');
    expect(JSON.parse(r.stdout)).toEqual([{ display_name: EVE.display_name }]);
  });

  it('a confirmation prompt shows them too, so "Delete user …?" reads what will be deleted', async () => {
    let asked = '';
    holdsNoRole('10002\u202e\u2066');
    const r = await runEpi(['users', 'delete', '10002\u202e\u2066'], { tty: true, prompter: { confirm: async (q) => ((asked = q), false) } });
    expect(r.code).toBe(1);
    expect(asked).toBe('Delete user 10002<U+202E><U+2066>? They lose access to the organization.');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('thousands of long keys make a bounded field list, not a 400 KB error', async () => {
    const record: Record<string, number | string> = { id: '10002' };
    for (let i = 0; i < 3000; i++) record[`k${String(i).padStart(4, '0')}${'x'.repeat(300)}`] = 1;
    nock(USERS).get('/v2/users/10002').reply(200, record);
    const r = await runEpi('api /v2/users/10002 --json nosuch');
    expect(r.code).toBe(2);
    const { hint } = (JSON.parse(r.stderr) as { error: { hint: string } }).error;
    expect(hint.startsWith(`Available fields: id, k0000${'x'.repeat(58)}…, k0001`)).toBe(true);
    expect(hint.endsWith(' and 2901 more.')).toBe(true);
    expect(r.stderr.length).toBeLessThan(8000);
  });

  it('keys with escape sequences and bidi characters are shown, not obeyed, in jq output on a terminal and in the field list of an error', async () => {
    const evil = { id: '10002', 'x\u001b]0;pwned\u0007\u202ey': 'v' };
    nock(USERS).get('/v2/users/10002').reply(200, evil);
    const keys = await runEpi(['api', '/v2/users/10002', '--jq', 'keys[]'], { tty: true });
    expect(keys.code).toBe(0);
    expect(keys.stdout).toBe('id\nx^[]0;pwned^G<U+202E>y\n');
    nock(USERS).get('/v2/users/10002').reply(200, evil);
    const r = await runEpi('api /v2/users/10002 --json nosuch');
    expect(r.code).toBe(2);
    // Under --json the error is JSON: the key is escaped there (\u001b, \u0007, \u202e), never raw.
    expect(r.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(r.stderr).toContain('Available fields: id, x\\u001b]0;pwned\\u0007\\u202ey.');
    expect((JSON.parse(r.stderr) as { error: { hint: string } }).error.hint).toBe(`Available fields: id, ${Object.keys(evil)[1]}.`);
  });
});
