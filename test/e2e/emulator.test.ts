import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runBin } from '../helpers/bin.js';

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'epi-e2e-emulator-')), 'epi');
const local = (dir: string, args: string[]) => runBin(args, { env: { EPI_CONFIG_DIR: dir } });

describe('--env local: the emulator inside epi', () => {
  it('seeds the demo data on first use from a fresh config directory, with no token and no network', async () => {
    const dir = freshDir();
    const users = await local(dir, ['--env', 'local', 'users', 'list']);
    expect(users.code).toBe(0);
    const rows = users.stdout.trim().split('\n');
    expect(rows).toHaveLength(25);
    expect(rows[0]).toBe('20001\tada.admin@solar-demo.example\tAda Admin\tActive\tOperations');
    expect(users.stderr).toContain('Started the local epilot emulator with invented demo data');
    expect(users.stderr).toContain('profiles local-prod and local-sandbox point at it');
    // Its state file holds no one else's secrets but is still private, like the config.
    expect(statSync(join(dir, 'emulator.json')).mode & 0o777).toBe(0o600);

    // The second run says nothing about seeding: the state is kept.
    const again = await local(dir, ['--env', 'local', 'org', 'current', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: '728000', name: 'Solar Demo GmbH', organization_use: 'Production' });
    expect(again.stderr).toBe('');

    const sandbox = await local(dir, ['--profile', 'local-sandbox', 'org', 'current', '--json', 'id,organization_use,parent_production_org_id']);
    expect(JSON.parse(sandbox.stdout)).toEqual({ id: '728001', organization_use: 'Sandbox', parent_production_org_id: '728000' });
  });

  it('keeps every write of commands run one after another and side by side', async () => {
    const dir = freshDir();
    expect((await local(dir, ['--env', 'local', 'settings', 'put', 'greeting', 'moin'])).code).toBe(0);
    type Saved = { auditEvents: Array<{ id: string; event: string; org_id: string }> };
    const saved = () => JSON.parse(readFileSync(join(dir, 'emulator.json'), 'utf8')) as Saved;
    const before = new Set(saved().auditEvents.map((e) => e.id));
    const runs = await Promise.all(
      ['anna', 'bert', 'cora', 'dirk'].map((name) => local(dir, ['--env', 'local', 'users', 'invite', '--email', `${name}@new.example`, '--json', 'email,status'])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const list = await local(dir, ['--env', 'local', 'users', 'list', '--json', 'email', '--query', 'new.example']);
    expect(JSON.parse(list.stdout).map((u: { email: string }) => u.email).sort()).toEqual(['anna@new.example', 'bert@new.example', 'cora@new.example', 'dirk@new.example']);
    const setting = await local(dir, ['--env', 'local', 'settings', 'get', 'greeting']);
    expect(setting.stdout.trim()).toBe('moin');
    // Every write became an audit event of the production org.
    const invites = saved().auditEvents.filter((e) => !before.has(e.id) && e.event === 'POST /v2/users/invite');
    expect(invites).toHaveLength(4);
    expect(invites.every((e) => e.org_id === '728000')).toBe(true);
    // …and the Audit Logs API lists them next to the seeded history (two invitations of last week).
    const audit = await local(dir, ['--env', 'local', 'audit', 'list', '--event', 'POST /v2/users/invite', '--json', 'event_name']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toHaveLength(6);
    const tokens = await local(dir, ['--env', 'local', 'tokens', 'list', '--json', 'name']);
    expect(JSON.parse(tokens.stdout)).toEqual([{ name: 'CI deploy' }, { name: 'Data warehouse export' }]);
  });

  it('rejects with 400 what breaks the published specs, as the API does, and changes nothing', async () => {
    const dir = freshDir();
    const query = await local(dir, ['--env', 'local', 'api', '/v2/users?limit=fifty']);
    expect(query.code).toBe(1);
    expect(query.stdout).toBe('');
    expect(query.stderr).toContain('400: Request does not match the API spec: GET /v2/users: query parameter "limit"="fifty" does not match the spec: limit must be number');
    // Partner bodies too, against the schemas derived from the partner package's types.
    const body = await local(dir, ['--env', 'local', 'api', 'POST', '/v2/partners/728500/roles', '-f', 'name=Roofer']);
    expect(body.code).toBe(1);
    expect(body.stderr).toContain("body does not match createPartnerRole: data must have required property 'grants', data must have required property 'slug'");
    const roles = await local(dir, ['--env', 'local', 'api', '/v2/partners/728500/roles']);
    expect(roles.stdout).toContain('"installer"');
    expect(roles.stdout).not.toContain('Roofer');
  });

  it('answers 501, naming the operation, for what it does not emulate', async () => {
    const dir = freshDir();
    const r = await local(dir, ['--env', 'local', 'api', 'POST', '/v2/users/public/passkeys:authenticateBegin', '-f', 'x=1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('501');
    expect(r.stderr).toContain('does not emulate POST /v2/users/public/passkeys:authenticateBegin of the User API');
  });

  it('starts over with emulator reset, and refuses without --yes when no one can be asked', async () => {
    const dir = freshDir();
    await local(dir, ['--env', 'local', 'users', 'invite', '--email', 'temp@new.example']);
    const refused = await local(dir, ['emulator', 'reset']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const reset = await local(dir, ['emulator', 'reset', '--seed', 'empty', '--yes']);
    expect(reset.code).toBe(0);
    const users = await local(dir, ['--env', 'local', 'users', 'list', '--json', 'email']);
    expect(JSON.parse(users.stdout)).toEqual([{ email: 'ada.admin@solar-demo.example' }]);
  });
});

describe('epi emulator serve', () => {
  it('serves the emulator on 127.0.0.1 to raw HTTP clients and stops cleanly on Ctrl-C', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, [BIN, 'emulator', 'serve', '--port', '0'], { env: { PATH: process.env.PATH ?? '', EPI_CONFIG_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const exports = await new Promise<Record<string, string>>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c;
        if (stdout.includes('EPILOT_TOKEN=')) resolve(Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!])));
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const url = exports.EPILOT_USER_API_URL!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const name of ['EPILOT_ORGANIZATION_API_URL', 'EPILOT_PARTNER_DIRECTORY_API_URL', 'EPILOT_PERMISSIONS_API_URL']) expect(exports[name]).toBe(url);

    const raw = (method: string, path: string, body?: string, token: string | null = exports.EPILOT_TOKEN!) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${url}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });

    const page = await raw('GET', '/v2/users?limit=2&offset=2');
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body).results.map((u: { id: string }) => u.id)).toEqual(['20003', '20004']);
    const created = await raw('POST', '/v1/groups', JSON.stringify({ name: 'Night shift', user_ids: ['20005'] }));
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({ name: 'Night shift' });
    expect((await raw('GET', '/v2/users/me', undefined, null)).status).toBe(401);
    expect((await raw('GET', '/v2/nowhere')).status).toBe(404);

    // What serve wrote, local commands see: one state.
    const groups = await local(dir, ['--env', 'local', 'groups', 'list', '--json', 'name']);
    expect(JSON.parse(groups.stdout).map((g: { name: string }) => g.name)).toContain('Night shift');

    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).toContain('GET /v2/users?limit=2&offset=2 → 200');
    expect(stderr).toContain('Stopped the emulator.');
  });
});
