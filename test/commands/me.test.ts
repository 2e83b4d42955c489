import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { runEpi } from '../helpers/run.js';

const USER_API = 'https://user.sls.epilot.io';
const ME = {
  id: '10001',
  organization_id: '739224',
  email: 'admin@acme.example',
  display_name: 'Ada Admin',
  status: 'Active',
  preferred_language: 'de',
  mfa_enabled: true,
  has_passkeys: false,
};
const yes = { tty: true, prompter: { confirm: async () => true } };
const cancel = { tty: true, prompter: { confirm: async (): Promise<boolean> => { throw new CancelledError(); } } };

describe('epi me', () => {
  it('prints your user when given alone, as --json and with fields', async () => {
    nock(USER_API).get('/v2/users/me').matchHeader('authorization', /^Bearer ey/).times(2).reply(200, ME);
    const all = await runEpi('me --json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual(ME);
    const some = await runEpi('me --json id,email');
    expect(JSON.parse(some.stdout)).toEqual({ id: '10001', email: 'admin@acme.example' });
  });

  it('is the same as `epi me show`, with key<TAB>value lines when piped', async () => {
    nock(USER_API).get('/v2/users/me').reply(200, ME);
    const r = await runEpi('me show');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('Name\tAda Admin');
    expect(lines).toContain('MFA\ton');
    expect(lines).toContain('Organization\t739224');
    expect(r.stderr).toBe('');
  });

  it('reports a word that is not a verb as an unknown command (exit 2, no request)', async () => {
    const r = await runEpi('me setings list');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'setings'");
    expect(r.requests).toEqual([]);
  });

  it('lists the default verb and the nested nouns in its help', async () => {
    const r = await runEpi('me --help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/show .*plain `epi me`/);
    expect(r.stdout).toMatch(/settings\s/);
    expect(r.stdout).toMatch(/passkeys\s/);
  });

  it.each([
    [401, 4],
    [404, 3],
    [500, 1],
  ])('maps HTTP %i to exit %i', async (status, code) => {
    nock(USER_API).get('/v2/users/me').reply(status, { message: `status ${status}` });
    const r = await runEpi('me --max-retries 0');
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`status ${status}`);
  });

  it('exits 4 without a request when not logged in', async () => {
    const r = await runEpi('me', { token: null });
    expect(r.code).toBe(4);
    expect(r.requests).toEqual([]);
  });
});

describe('epi me settings list', () => {
  const LIST = { results: [{ scope: 'calendar', keys: ['visible_calendars', 'week_start'] }, { scope: 'ui', keys: ['theme'] }] };

  it('prints one TSV row per scope with its keys', async () => {
    nock(USER_API).get('/v2/users/me/settings').reply(200, LIST);
    const r = await runEpi('me settings list');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('calendar\tvisible_calendars,week_start\nui\ttheme\n');
  });

  it('prints the results array unwrapped under --json, [] when empty', async () => {
    nock(USER_API).get('/v2/users/me/settings').reply(200, LIST);
    expect(JSON.parse((await runEpi('me settings list --json')).stdout)).toEqual(LIST.results);
    nock(USER_API).get('/v2/users/me/settings').reply(200, { results: [] });
    expect(JSON.parse((await runEpi('me settings list --json')).stdout)).toEqual([]);
  });

  it('cuts at --limit with a warning on stderr, and --all shows everything', async () => {
    nock(USER_API).get('/v2/users/me/settings').reply(200, LIST);
    const cut = await runEpi('me settings list --limit 1 --json scope');
    expect(JSON.parse(cut.stdout)).toEqual([{ scope: 'calendar' }]);
    expect(cut.stderr).toContain('Showing 1 of 2 records');
    nock(USER_API).get('/v2/users/me/settings').reply(200, LIST);
    const all = await runEpi('me settings list --limit 1 --all --ndjson');
    expect(all.stdout.trim().split('\n').map((l) => JSON.parse(l).scope)).toEqual(['calendar', 'ui']);
    expect(all.stderr).toBe('');
    expect(all.requests).toHaveLength(1);
  });
});

describe('epi me settings get', () => {
  const SETTING = { scope: 'calendar', key: 'visible_calendars', value: { calendar_ids: ['holidays'] }, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-02-01T00:00:00.000Z' };

  it('prints the value alone, strings raw', async () => {
    nock(USER_API).get('/v2/users/me/settings/calendar/visible_calendars').reply(200, SETTING);
    const r = await runEpi('me settings get calendar visible_calendars');
    expect(r.stdout).toBe('{"calendar_ids":["holidays"]}\n');
    nock(USER_API).get('/v2/users/me/settings/ui/theme').reply(200, { ...SETTING, scope: 'ui', key: 'theme', value: 'dark' });
    expect((await runEpi('me settings get ui theme')).stdout).toBe('dark\n');
  });

  it('prints the whole record under --json, and picks fields', async () => {
    nock(USER_API).get('/v2/users/me/settings/calendar/visible_calendars').reply(200, SETTING);
    expect(JSON.parse((await runEpi('me settings get calendar visible_calendars --json')).stdout)).toEqual(SETTING);
    nock(USER_API).get('/v2/users/me/settings/calendar/visible_calendars').reply(200, SETTING);
    expect(JSON.parse((await runEpi('me settings get calendar visible_calendars --json key,updated_at')).stdout)).toEqual({ key: 'visible_calendars', updated_at: SETTING.updated_at });
  });

  it('lists every key and value of a scope without a key', async () => {
    const SCOPE = { scope: 'calendar', settings: { visible_calendars: { calendar_ids: ['holidays'] }, week_start: 'monday' } };
    nock(USER_API).get('/v2/users/me/settings/calendar').reply(200, SCOPE);
    const r = await runEpi('me settings get calendar');
    expect(r.stdout).toBe('visible_calendars\t{"calendar_ids":["holidays"]}\nweek_start\tmonday\n');
    nock(USER_API).get('/v2/users/me/settings/calendar').reply(200, SCOPE);
    expect(JSON.parse((await runEpi('me settings get calendar --json')).stdout)).toEqual(SCOPE);
  });

  it('encodes scope and key in the path', async () => {
    nock(USER_API).get('/v2/users/me/settings/a%20b/c%2Fd').reply(200, { ...SETTING, value: 1 });
    const r = await runEpi(['me', 'settings', 'get', 'a b', 'c/d']);
    expect(r.stdout).toBe('1\n');
  });

  it('exits 3 for a missing key and 2 for a scope over 64 characters', async () => {
    nock(USER_API).get('/v2/users/me/settings/ui/nope').reply(404, { message: 'Setting not found' });
    const missing = await runEpi('me settings get ui nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Setting not found');
    const long = await runEpi(['me', 'settings', 'get', 'x'.repeat(65)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('1 to 64 characters');
    expect(long.requests).toEqual([]);
  });
});

describe('epi me settings put', () => {
  const saved = (value: unknown) => ({ scope: 'ui', key: 'layout', value, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' });

  it('sends JSON values as JSON and prints the stored value', async () => {
    nock(USER_API).put('/v2/users/me/settings/ui/layout', { columns: 2 }).reply(200, saved({ columns: 2 }));
    const r = await runEpi(['me', 'settings', 'put', 'ui', 'layout', '{"columns":2}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"columns":2}\n');
    expect(r.stderr).toContain('Set "layout" in your "ui" settings.');
  });

  it('sends other text as a JSON string; --string keeps JSON-looking text a string', async () => {
    nock(USER_API).put('/v2/users/me/settings/ui/layout', '"dark"').reply(200, saved('dark'));
    expect((await runEpi('me settings put ui layout dark')).stdout).toBe('dark\n');
    nock(USER_API).put('/v2/users/me/settings/ui/layout', '"42"').reply(200, saved('42'));
    expect((await runEpi('me settings put ui layout 42 --string --json value')).stdout).toBe('{\n  "value": "42"\n}\n');
  });

  it('reads the value from --from-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epi-me-'));
    writeFileSync(join(dir, 'v.json'), '{"columns":3}\n');
    nock(USER_API).put('/v2/users/me/settings/ui/layout', { columns: 3 }).reply(200, saved({ columns: 3 }));
    const r = await runEpi(['me', 'settings', 'put', 'ui', 'layout', '--from-file', join(dir, 'v.json')]);
    expect(r.code).toBe(0);
  });

  it('refuses a value and --from-file together, and a value over 64 KiB, before sending', async () => {
    const both = await runEpi('me settings put ui layout 1 --from-file x.json');
    expect(both.code).toBe(2);
    const big = await runEpi(['me', 'settings', 'put', 'ui', 'layout', 'x'.repeat(70_000)]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('at most 65536');
    expect(both.requests).toEqual([]);
    expect(big.requests).toEqual([]);
  });

  it('prints the PUT under --dry-run and sends nothing', async () => {
    const r = await runEpi(['me', 'settings', 'put', 'ui', 'layout', '{"columns":2}', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'PUT', url: `${USER_API}/v2/users/me/settings/ui/layout`, body: { columns: 2 } });
  });

  it('exits 1 on a 500 (PUT is retried; --max-retries 0 stops that)', async () => {
    nock(USER_API).put('/v2/users/me/settings/ui/layout').reply(500, { message: 'boom' });
    const r = await runEpi('me settings put ui layout 1 --max-retries 0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom');
  });
});

describe('epi me settings delete', () => {
  it('refuses without a terminal and without --yes, sending nothing', async () => {
    const r = await runEpi('me settings delete ui layout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('deletes after a yes at the prompt', async () => {
    nock(USER_API).delete('/v2/users/me/settings/ui/layout').reply(204);
    const r = await runEpi('me settings delete ui layout', yes);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Deleted your setting "layout" from scope "ui".');
  });

  it('exits 130 when the prompt is cancelled, sending nothing', async () => {
    const r = await runEpi('me settings delete ui layout', cancel);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('Cancelled.\n');
    expect(r.requests).toEqual([]);
  });

  it('deletes with --yes and prints a JSON result under --json', async () => {
    nock(USER_API).delete('/v2/users/me/settings/ui/layout').reply(204);
    const r = await runEpi('me settings delete ui layout --yes --json');
    expect(JSON.parse(r.stdout)).toEqual({ scope: 'ui', key: 'layout', deleted: true });
  });

  it('prints the DELETE under --dry-run without asking', async () => {
    const r = await runEpi('me settings delete ui layout --dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'DELETE', url: `${USER_API}/v2/users/me/settings/ui/layout` });
    expect(r.requests).toEqual([]);
  });

  it('exits 4 when the API refuses the token', async () => {
    nock(USER_API).delete('/v2/users/me/settings/ui/layout').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('me settings delete ui layout --yes');
    expect(r.code).toBe(4);
  });
});

describe('epi me passkeys', () => {
  const PASSKEYS = {
    passkeys: [
      { credential_id: 'cred-1', friendly_name: 'Laptop', created_at: '2024-05-01T10:00:00.000Z', transports: ['internal', 'hybrid'], aaguid: 'a1' },
      { credential_id: 'cred-2', friendly_name: 'YubiKey', created_at: '2024-06-01T10:00:00.000Z', transports: ['usb'] },
    ],
  };

  it('lists passkeys as TSV when piped', async () => {
    nock(USER_API).get('/v2/users/me/passkeys').reply(200, PASSKEYS);
    const r = await runEpi('me passkeys list');
    expect(r.stdout).toBe('cred-1\tLaptop\t2024-05-01T10:00:00.000Z\tinternal,hybrid\ncred-2\tYubiKey\t2024-06-01T10:00:00.000Z\tusb\n');
  });

  it('prints the passkeys array under --json, with fields', async () => {
    nock(USER_API).get('/v2/users/me/passkeys').reply(200, PASSKEYS);
    const r = await runEpi('me passkeys list --json credential_id,aaguid');
    expect(JSON.parse(r.stdout)).toEqual([{ credential_id: 'cred-1', aaguid: 'a1' }, { credential_id: 'cred-2', aaguid: null }]);
  });

  it('shows a table on a terminal and says so when there are none', async () => {
    nock(USER_API).get('/v2/users/me/passkeys').reply(200, PASSKEYS);
    const table = await runEpi('me passkeys list', { tty: true, env: { NO_COLOR: '1' } });
    expect(table.stdout).toMatch(/Credential ID.*Name/);
    expect(table.stdout).toContain('YubiKey');
    nock(USER_API).get('/v2/users/me/passkeys').reply(200, { passkeys: [] });
    const none = await runEpi('me passkeys list', { tty: true });
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('No results.');
  });

  it('deletes a passkey after confirmation, encoding the id', async () => {
    nock(USER_API).delete('/v2/users/me/passkeys/ab%2Bc%2F%3D').reply(204);
    const r = await runEpi(['me', 'passkeys', 'delete', 'ab+c/='], yes);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Deleted passkey ab+c/=.');
  });

  it('refuses to delete without --yes when no one can answer, and exits 130 on cancel', async () => {
    const refused = await runEpi('me passkeys delete cred-1');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error: This needs confirmation: ');
    expect(refused.requests).toEqual([]);
    const cancelled = await runEpi('me passkeys delete cred-1', cancel);
    expect(cancelled.code).toBe(130);
    expect(cancelled.stderr).toBe('Cancelled.\n');
    expect(cancelled.requests).toEqual([]);
  });

  it('exits 3 for an unknown passkey', async () => {
    nock(USER_API).delete('/v2/users/me/passkeys/nope').reply(404, { message: 'Passkey not found' });
    const r = await runEpi('me passkeys delete nope --yes --json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stderr).error).toMatchObject({ status: 404, server_message: 'Passkey not found' });
  });

  it('prints the DELETE under --dry-run', async () => {
    const r = await runEpi('me passkeys delete cred-1 --dry-run');
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'DELETE', url: `${USER_API}/v2/users/me/passkeys/cred-1` });
    expect(r.requests).toEqual([]);
  });
});
