import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const AUDIT_API = 'https://audit-logs.sls.epilot.io';
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  org_id: '739224',
  service_name: 'permissions',
  event_name: 'putRole',
  status_code: 200,
  timestamp: '2026-11-25T11:30:00.000Z',
  caller: { user_email: 'anna@acme.example', user_id: '10002', trigger_type: 'user' },
  ...extra,
});

describe('epi audit list', () => {
  it('sends the time window and filters in the body and prints time, user, service, event, outcome', async () => {
    nock(AUDIT_API)
      .post('/v1/logs', {
        limit: 50,
        page: 0,
        timestamp: { from: '2026-11-25T11:00:00.000Z', to: '2026-11-25T12:00:00.000Z' },
        user: { email: 'anna@acme.example' },
        service_name: 'permissions',
        event_name: 'putRole',
        outcome: 'failure',
      })
      .reply(200, { logs: [event('e1', { status_code: 403 }), event('e2', { caller: { trigger_type: 'automation' } })], total: 2 });
    const r = await runEpi(
      'audit list --since 1h --until 2026-11-25T12:00:00Z --user anna@acme.example --service permissions --event putRole --outcome FAILURE',
      { now: NOW },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '2026-11-25T11:30:00.000Z\tanna@acme.example\tpermissions\tputRole\tfailure\n2026-11-25T11:30:00.000Z\tautomation\tpermissions\tputRole\tsuccess\n',
    );
    expect(r.stderr).toBe('');
  });

  it('filters a user id as user_id, and a date as midnight UTC', async () => {
    nock(AUDIT_API).post('/v1/logs', { limit: 50, page: 0, timestamp: { from: '2026-11-01T00:00:00.000Z' }, user: { user_id: '10002' } }).reply(200, { logs: [], total: 0 });
    const r = await runEpi('audit list --since 2026-11-01 --user 10002 --json', { now: NOW });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('pages with limit and page in the body until the total (--all --ndjson)', async () => {
    const api = nock(AUDIT_API);
    api.post('/v1/logs', { limit: 100, page: 0 }).reply(200, { logs: Array.from({ length: 100 }, (_, i) => event(`a${i}`)), total: 150 });
    api.post('/v1/logs', { limit: 100, page: 1 }).reply(200, { logs: Array.from({ length: 50 }, (_, i) => event(`b${i}`)), total: 150 });
    const r = await runEpi('audit list --all --ndjson');
    const ids = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(150);
    expect(ids.at(-1)).toBe('b49');
  });

  it('follows a server that serves fewer records per page than asked', async () => {
    const api = nock(AUDIT_API);
    api.post('/v1/logs', { limit: 100, page: 0 }).reply(200, { logs: [event('a'), event('b')], total: 3 });
    api.post('/v1/logs', { limit: 2, page: 1 }).reply(200, { logs: [event('c')], total: 3 });
    const r = await runEpi('audit list --all --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });

  it('stops at --limit and says how many there are', async () => {
    nock(AUDIT_API).post('/v1/logs', { limit: 2, page: 0 }).reply(200, { logs: [event('a'), event('b')], total: 9 });
    const r = await runEpi('audit list --limit 2 --json id');
    expect(JSON.parse(r.stdout)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(r.stderr).toContain('Showing 2 of 9 records');
  });

  it.each([
    ['--since yesterday', '--since "yesterday" is neither a duration nor a date'],
    ['--since 2026-02-30', '--since "2026-02-30" is not a valid date'],
    ['--since 1h --until 2h', '--since 1h is not before --until 2h'],
    ['--outcome maybe', '--outcome "maybe" is not one of: success, failure'],
  ])('rejects %s with exit 2 before sending', async (flags, message) => {
    const r = await runEpi(`audit list ${flags}`, { now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('says a 403 needs audit_log:view on an enterprise plan, exit 4', async () => {
    nock(AUDIT_API).post('/v1/logs').reply(403, { message: 'Forbidden' });
    const r = await runEpi('audit list');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('needs the audit_log:view permission, on an epilot enterprise plan');
  });

  it('fails naming the operation when the logs are missing', async () => {
    nock(AUDIT_API).post('/v1/logs').reply(200, { results: [] });
    const r = await runEpi('audit list');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unexpected response from POST /v1/logs: expected an object with "logs"');
  });
});

describe('epi audit get', () => {
  it('shows one event with credentials in the recorded request masked', async () => {
    const recorded = event('e1', {
      http: { method: 'PUT', path: '/v1/permissions/roles/739224:x', ip: '10.0.0.1', headers: { Authorization: 'Bearer eyJabc.def.ghi', 'content-type': 'application/json' } },
      detail: JSON.stringify({ name: 'x', password: 'hunter2' }),
    });
    nock(AUDIT_API).get('/v1/logs/e1').reply(200, { log: recorded });
    const r = await runEpi('audit get e1 --json');
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as { http: { headers: Record<string, string> }; detail: string };
    expect(shown.http.headers).toEqual({ Authorization: '***', 'content-type': 'application/json' });
    expect(JSON.parse(shown.detail)).toEqual({ name: 'x', password: '***' });
    expect(r.stdout).not.toContain('hunter2');
  });

  it('prints a key/value view when piped', async () => {
    nock(AUDIT_API).get('/v1/logs/e1').reply(200, { log: event('e1') });
    const r = await runEpi('audit get e1');
    expect(r.stdout).toContain('ID\te1\n');
    expect(r.stdout).toContain('Outcome\tsuccess\n');
  });

  it('exits 3 for an unknown event', async () => {
    nock(AUDIT_API).get('/v1/logs/nope').reply(404, { message: 'Not found' });
    expect((await runEpi('audit get nope')).code).toBe(3);
  });
});

describe('epi audit tail', () => {
  it('stops with the audit_log:view message on 403 instead of polling again', async () => {
    nock(AUDIT_API).post('/v1/logs', { timestamp: { from: '2026-11-25T11:50:00.000Z' }, limit: 100, page: 0 }).reply(403, { message: 'Forbidden' });
    const r = await runEpi('audit tail', { now: NOW });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('needs the audit_log:view permission, on an epilot enterprise plan');
    expect(r.requests).toHaveLength(1);
  });

  it('stops on 401 too', async () => {
    nock(AUDIT_API).post('/v1/logs').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('audit tail --since 1h --service permissions', { now: NOW });
    expect(r.code).toBe(4);
    expect(r.requests).toHaveLength(1);
  });

  it('refuses an --interval under 5 seconds before sending', async () => {
    const r = await runEpi('audit tail --interval 1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interval takes whole seconds, at least 5');
    expect(r.requests).toEqual([]);
  });
});
