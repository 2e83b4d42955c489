import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { messageFromBody } from '../../src/api/http.js';
import { runEpi } from '../helpers/run.js';

const API = 'https://organization-v2.sls.epilot.io';

describe('messageFromBody', () => {
  it.each([
    ['{"message":"User not found"}', 'application/json', 'User not found'],
    ['{"error":"Forbidden"}', 'application/json', 'Forbidden'],
    ['{"status":400,"error":"Bad slug"}', 'application/json', 'Bad slug'],
    ['{"error":{"message":"nested"}}', 'application/json', 'nested'],
    ['Service Unavailable', 'text/plain', 'Service Unavailable'],
    ['<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>…</body></html>', 'text/html', 'HTML error page "502 Bad Gateway"'],
    ['<html><body>oops</body></html>', '', 'HTML error page'],
    ['', 'application/json', undefined],
  ])('%s → %s', (body, type, expected) => {
    expect(messageFromBody(body, type)).toBe(expected);
  });

  it('keeps a long plain-text body to one short line', () => {
    const msg = messageFromBody(`line one\n${'x'.repeat(1000)}`, 'text/plain')!;
    expect(msg).not.toContain('\n');
    expect(msg.length).toBeLessThanOrEqual(300);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429 and succeeds on the second attempt', async () => {
    nock(API).get('/v2/organization/current').reply(429, { message: 'slow down' }, { 'Retry-After': '0' });
    nock(API).get('/v2/organization/current').reply(200, { id: '1' });
    const r = await runEpi('org current --json id');
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(2);
  });

  it('retries a GET on network errors, then reports the last one', async () => {
    nock(API).get('/v2/organization/current').times(2).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const r = await runEpi('org current --max-retries 1');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(2);
    expect(r.stderr).toMatch(/^error: Could not reach organization-v2\.sls\.epilot\.io .*(connection reset|socket hang up)/);
  });

  it('stops after --max-retries and reports the status', async () => {
    nock(API).get('/v2/organization/current').times(3).reply(503, { message: 'busy' });
    const r = await runEpi('org current --max-retries 2');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(3);
    expect(r.stderr).toContain('503');
  });

  it('never retries a PATCH, even on 503', async () => {
    nock(API).patch('/v2/organization/739224').reply(503, { message: 'busy' });
    const r = await runEpi('org update --name X');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
  });

  it('does not retry a 500 (only 429, 502, 503, 504 are transient)', async () => {
    nock(API).get('/v2/organization/current').reply(500, { message: 'boom' });
    const r = await runEpi('org current');
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(1);
  });
});

describe('a retried DELETE that finds nothing', () => {
  const USERS = 'https://user.sls.epilot.io';
  const PERMS = 'https://permissions.sls.epilot.io';
  const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  /** users delete reads the user's roles first (the last-owner guard); Ben holds none. */
  const noRoles = () => nock(PERMS).get('/v1/permissions/assignments/10002').reply(200, []);

  it('is done ("already gone") when the first attempt was lost on the network', async () => {
    noRoles();
    nock(USERS).delete('/v2/users/10002').replyWithError(reset());
    nock(USERS).delete('/v2/users/10002').reply(404, { message: 'User not found' });
    const r = await runEpi('users delete 10002 --yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: DELETE ${USERS}/v2/users/10002: the first attempt failed on the network and the retry found nothing (404); taking it as already gone.\nDeleted user 10002.\n`,
    );
    expect(r.requests).toHaveLength(3);
  });

  it('is still not found (exit 3) when no attempt was lost', async () => {
    noRoles();
    nock(USERS).delete('/v2/users/10002').reply(404, { message: 'User not found' });
    const r = await runEpi('users delete 10002 --yes');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('User not found');
  });

  it('is not found after a retried 503: that attempt was answered, so it did nothing', async () => {
    noRoles();
    nock(USERS).delete('/v2/users/10002').reply(503, { message: 'busy' });
    nock(USERS).delete('/v2/users/10002').reply(404, { message: 'User not found' });
    const r = await runEpi('users delete 10002 --yes');
    expect(r.code).toBe(3);
  });

  it('counts an unassign as done the same way', async () => {
    const sales = { id: '739224:sales', name: 'Sales', slug: 'sales', type: 'user_role', organization_id: '739224', grants: [] };
    nock(PERMS).get('/v1/permissions/roles').reply(200, { roles: [sales] });
    nock(PERMS).delete('/v1/permissions/assignments/10001/739224%3Asales').replyWithError(reset());
    nock(PERMS).delete('/v1/permissions/assignments/10001/739224%3Asales').reply(404, { message: 'Assignment not found' });
    const r = await runEpi('roles unassign 739224:sales --user 10001 --yes --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ row: 'user 1', item: '10001', role_id: '739224:sales', status: 'done' }]);
    expect(r.stderr).toContain('taking it as already gone');
  });
});

describe('bodies', () => {
  it('turns truncated JSON into a clear error', async () => {
    nock(API).get('/v2/organization/current').reply(200, '{"id":"1","na', { 'content-type': 'application/json' });
    const r = await runEpi('org current');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: The API sent invalid JSON for GET .*possibly truncated/);
  });

  it('summarises an HTML error page in one line', async () => {
    nock(API).get('/v2/organization/current').reply(502, '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>', { 'content-type': 'text/html' });
    const r = await runEpi('org current --max-retries 0');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: GET ${API}/v2/organization/current failed: 502 Bad Gateway: HTML error page "502 Bad Gateway"`);
    expect(r.stderr).not.toContain('<h1>');
  });
});

describe('--debug', () => {
  it('logs each request and response on stderr with the token redacted', async () => {
    nock(API).get('/v2/organization/current').reply(200, { id: '1', echo: 'Bearer abc.def.ghi' });
    const r = await runEpi('org current --json id --debug');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`[debug] → GET ${API}/v2/organization/current`);
    expect(lines[1]).toMatch(/^\[debug\] ← 200 GET .* \d+ms \{"id":"1","echo":"Bearer \*\*\*"\}$/);
    expect(r.stdout).toBe('{\n  "id": "1"\n}\n');
  });

  it('logs request bodies abbreviated and with secrets masked', async () => {
    nock('https://user.sls.epilot.io').post('/v2/users/public/signup').reply(201, { user: { id: '1' } });
    const r = await runEpi(['org', 'create', '--name', 'Acme', '--type', 'Vendor', '--pricing-tier', 'professional', '--email', 'ops@acme.example', '--owner-name', 'Ada', '--owner-email', 'ada@acme.example', '--password-stdin', '--json', '--debug'], { stdin: 'S3cret-pass!' });
    const sent = r.stderr.split('\n').find((l) => l.startsWith('[debug] → POST'))!;
    expect(sent).toContain('"password":"***"');
    expect(r.stderr).not.toContain('S3cret-pass!');
  });

  it('masks token, password and secret fields in logged response bodies', async () => {
    nock(API).get('/v2/organization/current').reply(200, { id: '1', login_token: 'one-time-abc', nested: { client_secret: 's3' } });
    const r = await runEpi('org current --json id --debug');
    expect(r.stderr).toContain('"login_token":"***"');
    expect(r.stderr).toContain('"client_secret":"***"');
    expect(r.stderr).not.toContain('one-time-abc');
    expect(r.stderr).not.toContain('s3"');
  });

  it('does not show stack traces without --debug for unexpected failures', async () => {
    nock(API).get('/v2/organization/current').reply(200, 'null', { 'content-type': 'application/json' });
    const r = await runEpi('org current');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
