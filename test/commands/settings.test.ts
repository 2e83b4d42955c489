import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';

const API = 'https://organization-v2.sls.epilot.io';
const SETTINGS = { default_language: 'de', double_opt_in: { enabled: true }, max_users: 50 };

describe('epi settings list / get', () => {
  it('prints the settings map unchanged with --json', async () => {
    nock(API).get('/v2/organization/739224/settings').reply(200, SETTINGS);
    const r = await runEpi('settings list --json');
    expect(JSON.parse(r.stdout)).toEqual(SETTINGS);
  });

  it('prints key<TAB>value rows with JSON values when piped', async () => {
    nock(API).get('/v2/organization/739224/settings').reply(200, SETTINGS);
    const r = await runEpi('settings list');
    expect(r.stdout).toBe('default_language\tde\ndouble_opt_in\t{"enabled":true}\nmax_users\t50\n');
  });

  it('draws a table on a terminal', async () => {
    nock(API).get('/v2/organization/739224/settings').reply(200, SETTINGS);
    const r = await runEpi('settings list', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^Key\s+Value/m);
    expect(r.stdout).toMatch(/^double_opt_in\s+\{"enabled":true\}/m);
  });

  it('says "No results." on stderr for an empty map on a terminal, and [] never applies to a map', async () => {
    nock(API).get('/v2/organization/1/settings').reply(200, {});
    const r = await runEpi('settings list --org 1', { tty: true });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No results.\n');
  });

  it('uses --org over the token org', async () => {
    nock(API).get('/v2/organization/42/settings').reply(200, SETTINGS);
    const r = await runEpi('settings get default_language --org 42');
    expect(r.stdout).toBe('de\n');
  });

  it('prints objects as JSON and exits 3 for a missing key', async () => {
    nock(API).get('/v2/organization/739224/settings').reply(200, SETTINGS);
    const obj = await runEpi('settings get double_opt_in');
    expect(JSON.parse(obj.stdout)).toEqual({ enabled: true });
    nock(API).get('/v2/organization/739224/settings').reply(200, SETTINGS);
    const missing = await runEpi('settings get nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No setting "nope" in organization 739224');
  });
});

describe('epi settings put', () => {
  it.each([
    ['true', true],
    ['42', 42],
    ['{"enabled":false}', { enabled: false }],
    ['[{"channel":"sms"}]', [{ channel: 'sms' }]],
    ['de', 'de'],
    ['"quoted"', 'quoted'],
  ])('sends %s as %j', async (value, expected) => {
    nock(API).put('/v2/organization/739224/settings/k', JSON.stringify(expected)).reply(200, JSON.stringify(expected), { 'content-type': 'application/json' });
    const r = await runEpi(['settings', 'put', 'k', value, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('--string keeps a JSON-looking value as a string', async () => {
    nock(API).put('/v2/organization/739224/settings/zip', '"01234"').reply(200, '"01234"', { 'content-type': 'application/json' });
    const r = await runEpi('settings put zip 01234 --string');
    expect(r.stdout).toBe('01234\n');
  });

  it('--from-file reads the value from a file', async () => {
    const file = join(tempConfigDir(), 'v.json');
    writeFileSync(file, '{"channels":["email"]}\n');
    nock(API).put('/v2/organization/739224/settings/notify', { channels: ['email'] }).reply(200, { channels: ['email'] });
    const r = await runEpi(['settings', 'put', 'notify', '--from-file', file, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ channels: ['email'] });
  });

  it('fails with exit 2 naming the file when it is missing, before any request', async () => {
    const r = await runEpi('settings put notify --from-file /nonexistent/v.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot read --from-file file "/nonexistent/v.json": no such file');
  });

  it('fails with exit 2 when no value is given', async () => {
    const r = await runEpi('settings put k');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing the setting value');
  });

  it('--dry-run prints the PUT without sending it or needing a token', async () => {
    const r = await runEpi(['settings', 'put', 'k', '{"a":1}', '--org', '7', '--dry-run'], { token: null });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: `${API}/v2/organization/7/settings/k`, body: { a: 1 } });
  });

  it('--dry-run without a token or --org says to pass --org', async () => {
    const r = await runEpi(['settings', 'put', 'k', '1', '--dry-run'], { token: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--org <id>');
    expect(r.requests).toEqual([]);
  });
});

describe('epi settings delete', () => {
  it('refuses without --yes when no one can be asked (exit 2, no request)', async () => {
    const r = await runEpi('settings delete k');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('asks on a terminal and deletes on yes', async () => {
    const asked: string[] = [];
    nock(API).delete('/v2/organization/739224/settings/k').reply(200, {});
    const r = await runEpi('settings delete k', { tty: true, prompter: { confirm: async (m) => (asked.push(m), true) } });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Delete setting "k" from organization 739224?']);
    expect(r.stderr).toContain('Deleted setting "k"');
  });

  it('answering no exits 1 with Cancelled, sending nothing', async () => {
    const r = await runEpi('settings delete k', { tty: true, prompter: { confirm: async () => false } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Cancelled; nothing was changed.\n');
    expect(r.requests).toEqual([]);
  });

  it('--yes skips the question; --json reports the deletion', async () => {
    nock(API).delete('/v2/organization/739224/settings/k').reply(200, {});
    const r = await runEpi('settings delete k --yes --json');
    expect(JSON.parse(r.stdout)).toEqual({ org_id: '739224', key: 'k', deleted: true });
  });

  it('exits 3 when the org does not exist', async () => {
    nock(API).delete('/v2/organization/9/settings/k').reply(404, { message: 'Organization not found' });
    const r = await runEpi('settings delete k --org 9 --yes');
    expect(r.code).toBe(3);
  });
});
