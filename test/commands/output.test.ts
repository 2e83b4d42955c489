import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const API = 'https://user.sls.epilot.io';
/** A display name any org member could set: clipboard write, title, C1 CSI clear-screen, a bare \r. */
const HOSTILE = 'Eve\u001b]52;c;cm0gLXJmIH4=\u0007\u001b]8;;https://evil.example\u001b\\x\u009b2J\rAdministrator';
const SHOWN = 'Eve^[]52;c;cm0gLXJmIH4=^G^[]8;;https://evil.example^[\\x^[[2J^MAdministrator';
const EVE = { id: '10003', organization_id: '739224', email: 'eve@acme.example', display_name: HOSTILE, status: 'Active' };
/** What a terminal would obey: C0 but tab and newline, DEL, C1. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('server text on every human-readable path', () => {
  it('a table on a terminal shows the escape sequences instead of running them', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [EVE] });
    const r = await runEpi('users list', { tty: true, env: { NO_COLOR: '1', COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout).toMatch(new RegExp(`^10003 +eve@acme\\.example +${SHOWN.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} +Active`, 'm'));
  });

  it('TSV rows and the key/value record do too', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [EVE] });
    const tsv = await runEpi('users list');
    expect(tsv.stdout).toBe(`10003\teve@acme.example\t${SHOWN}\tActive\t\n`);
    nock(API).get('/v2/users/10003').reply(200, EVE);
    const record = await runEpi('users get 10003', { tty: true, env: { NO_COLOR: '1' } });
    expect(record.stdout).not.toMatch(CONTROL);
    expect(record.stdout).toMatch(new RegExp(`^Name +${SHOWN.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`, 'm'));
  });

  it('an error message and hint from the server are shown, not obeyed', async () => {
    nock(API).get('/v2/users/10003').reply(400, { message: `No \u001b[8mhidden\u001b[0m ${HOSTILE}` });
    const r = await runEpi('users get 10003');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(CONTROL);
    // (The HTTP layer already folds the server's line breaks into spaces.)
    expect(r.stderr).toContain('400 Bad Request: No ^[[8mhidden^[[0m Eve^[]52;c;cm0gLXJmIH4=^G^[]8;;https://evil.example^[\\x^[[2J Administrator\n');
  });

  it('--json keeps the exact value, JSON-escaped (C1 included)', async () => {
    nock(API).get('/v2/users/10003').reply(200, EVE);
    const r = await runEpi('users get 10003 --json');
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout).toContain('\\u009b2J');
    expect(JSON.parse(r.stdout).display_name).toBe(HOSTILE);
  });
});

describe('--format on a list and a record', () => {
  it('csv for a list: header, RFC 4180 rows, formulas defused', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [{ ...EVE, display_name: '=cmd|" /C calc"!A0', department: 'Sales, North' }] });
    const r = await runEpi('users list --format csv');
    expect(r.stdout).toBe('ID,Email,Name,Status,Department\r\n10003,eve@acme.example,"\'=cmd|"" /C calc""!A0",Active,"Sales, North"\r\n');
  });

  it('ndjson for a record is one line; tsv on a terminal is TSV', async () => {
    nock(API).get('/v2/users/10003').reply(200, EVE);
    const r = await runEpi('users get 10003 --format ndjson --json id,email');
    expect(r.stdout).toBe('{"id":"10003","email":"eve@acme.example"}\n');
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [{ ...EVE, display_name: 'Eve' }] });
    const tsv = await runEpi('users list --format tsv', { tty: true });
    expect(tsv.stdout).toBe('10003\teve@acme.example\tEve\tActive\t\n');
  });

  it('--format ndjson streams a paged list like --ndjson', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [EVE] });
    const r = await runEpi('users list --format ndjson --json id');
    expect(r.stdout).toBe('{"id":"10003"}\n');
  });

  it('an unknown format is a usage error listing the choices, before any request', async () => {
    const r = await runEpi('users list --format xml');
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toContain("argument 'xml' is invalid. Allowed choices are table, tsv, csv, json, ndjson.");
  });

  it('--jq with --format csv is a usage error naming both', async () => {
    const r = await runEpi(['users', 'list', '--jq', '.[]', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toBe('error: --jq cannot be combined with --format csv.\nDrop one of them: --jq prints JSON, --format csv prints CSV.\n');
  });
});

describe('--jq', () => {
  it('filters a list; strings print raw', async () => {
    nock(API).get('/v2/users').query({ limit: '50' }).reply(200, { results: [EVE, { ...EVE, id: '10004', status: 'Pending' }] });
    const r = await runEpi(['users', 'list', '--jq', '.[] | select(.status == "Pending") | .id']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('10004\n');
  });

  it('a syntax error exits 2 with jq\'s message and sends nothing', async () => {
    const r = await runEpi(['users', 'get', '10003', '--jq', '.display_name |']);
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toMatch(/^error: --jq: jq: error: syntax error, unexpected end of file .*\njq: 1 compile error\nSee https:\/\/jqlang.org\/manual/s);
  });

  it('an error while running exits 1 with jq\'s message', async () => {
    nock(API).get('/v2/users/10003').reply(200, EVE);
    const r = await runEpi(['users', 'get', '10003', '--jq', '.id | .[0]']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: --jq: jq: error \(at inputString:\d+\): Cannot index string with number\n/);
  });
});

describe('epi api --json fields and --jq', () => {
  it('--json picks fields from an object, and from each element of an array', async () => {
    nock(API).get('/v2/users/me').reply(200, EVE);
    const one = await runEpi('api /v2/users/me --json id,email');
    expect(JSON.parse(one.stdout)).toEqual({ id: '10003', email: 'eve@acme.example' });
    nock(API).get('/v1/users').query(true).reply(200, [EVE, { ...EVE, id: '10004' }]);
    const many = await runEpi(['api', '/v1/users?org_ids=739224', '--json', 'id'], { contract: false });
    expect(JSON.parse(many.stdout)).toEqual([{ id: '10003' }, { id: '10004' }]);
  });

  it('--json with an unknown field lists the fields the response has', async () => {
    nock(API).get('/v2/users/me').reply(200, EVE);
    const r = await runEpi('api /v2/users/me --json nope');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.hint).toBe('Available fields: display_name, email, id, organization_id, status.');
  });

  it('--jq runs over the exact response text, so big numbers stay exact', async () => {
    nock(API).get('/v2/users/me').reply(200, '{"id":"10003","n":123456789012345678901}', { 'content-type': 'application/json' });
    const r = await runEpi(['api', '/v2/users/me', '--jq', '.n']);
    expect(r.stdout).toBe('123456789012345678901\n');
  });

  it('--jq on a response that is not JSON fails, naming the request', async () => {
    nock(API).get('/v2/users/me').reply(200, 'hello', { 'content-type': 'text/plain' });
    const r = await runEpi(['api', '/v2/users/me', '--jq', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: --jq needs a JSON response, and GET /v2/users/me answered text/plain.\nRun it again without the flag to see the body as it is.\n');
  });
});

describe('unknown --json fields before the network', () => {
  it.each(['roles list --json id,nmae', 'roles assignments --json user_id,role', 'org features --json feature,title', 'users get 10003 --json id,mail', 'groups get g1 --json nme'])(
    '%s exits 2 naming the field and sends nothing',
    async (line) => {
      const r = await runEpi(line);
      expect(r.code).toBe(2);
      expect(r.requests).toEqual([]);
      expect(JSON.parse(r.stderr).error.message).toMatch(/^Unknown field "\w+" in --json\.$/);
    },
  );
});

describe('epi api bodies', () => {
  it('a text body is shown, not obeyed, on a terminal, and passed through unchanged to a pipe', async () => {
    nock(API).get('/v2/users/me').reply(200, `hi \u001b]0;owned\u0007 there`, { 'content-type': 'text/plain' });
    const tty = await runEpi('api /v2/users/me', { tty: true });
    expect(tty.stdout).toBe('hi ^[]0;owned^G there\n');
    nock(API).get('/v2/users/me').reply(200, `hi \u001b]0;owned\u0007 there`, { 'content-type': 'text/plain' });
    const piped = await runEpi('api /v2/users/me');
    expect(piped.stdout).toBe('hi \u001b]0;owned\u0007 there\n');
  });

  it('a JSON body keeps its exact text, with C1 characters escaped', async () => {
    nock(API).get('/v2/users/me').reply(200, '{"n":12345678901234567890,"name":"a\u009b2Jb"}', { 'content-type': 'application/json' });
    const r = await runEpi('api /v2/users/me');
    expect(r.stdout).toBe('{"n":12345678901234567890,"name":"a\\u009b2Jb"}\n');
  });
});
