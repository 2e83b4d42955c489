import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { BIN, runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
let dir: string;
const TOKEN = makeToken();

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'epi-e2e-bulk-'));
  fake.requests.length = 0;
  fake.faults.length = 0;
  fake.latencyMs = 0;
  fake.state.users.splice(1);
  fake.state.roles.splice(0);
});

const env = () => ({ ...fake.env, EPI_CONFIG_DIR: join(dir, 'epi'), XDG_STATE_HOME: join(dir, 'state'), EPILOT_TOKEN: TOKEN });
const epi = (args: string[], input?: string) => runBin(args, { env: env(), input });
const invites = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/users/invite');
const usersCsv = (n: number, from = 0) => `email\n${Array.from({ length: n }, (_, i) => `u${from + i}@acme.example`).join('\n')}\n`;
type Row = { row: string; item: string; status: string; reason?: string; id?: string };

describe('the bulk runner, run as the built binary', () => {
  it('reads a semicolon CSV from stdin (BOM, CRLF, German headings, a role column) and resolves role names against one read of the roles', async () => {
    fake.state.roles.push({ id: '739224:agent', slug: 'agent', name: 'Sales Agent', type: 'user_role', organization_id: '739224', grants: [] });
    const csv = '\uFEFFName;Telefon;E-Mail;Role;Sprache\r\n"Doe; Jane";x;jane@acme.example;sales agent;DE\r\nJo;y;jo@acme.example;;\r\n';
    const r = await epi(['users', 'invite', '--from-file', '-', '--json'], csv);
    expect(r.stderr).toContain('warning: Ignoring columns "name", "telefon" (used: email, roles, language).');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Row[]).map((x) => [x.row, x.item, x.status])).toEqual([
      ['line 2', 'jane@acme.example', 'done'],
      ['line 3', 'jo@acme.example', 'done'],
    ]);
    expect(fake.requests.filter((q) => q.path === '/v1/permissions/roles')).toHaveLength(1);
    expect(invites().map((q) => q.body)).toEqual([{ email: 'jane@acme.example', roles: ['739224:agent'], language: 'de' }, { email: 'jo@acme.example' }]);
  });

  it('an unknown role name sends nothing and names the closest role (exit 2)', async () => {
    fake.state.roles.push({ id: '739224:agent', slug: 'agent', name: 'Sales Agent', type: 'user_role', organization_id: '739224', grants: [] });
    writeFileSync(join(dir, 'users.csv'), 'email,roles\njane@acme.example,sales agnt\n');
    const r = await epi(['users', 'invite', '--from-file', join(dir, 'users.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 2: no role "sales agnt" (closest: 739224:agent)');
    expect(invites()).toHaveLength(0);
  });

  it('adapts to 429: every rate-limited row is re-sent exactly once per 429 and none fails', async () => {
    writeFileSync(join(dir, 'users.csv'), usersCsv(20));
    fake.inject({ method: 'POST', path: '/v2/users/invite', status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests' }, times: 6 });
    const r = await epi(['users', 'invite', '--from-file', join(dir, 'users.csv'), '--json', 'status']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(Array.from({ length: 20 }, () => ({ status: 'done' })));
    expect(invites()).toHaveLength(26);
    expect(fake.state.users.filter((u) => u.email.startsWith('u'))).toHaveLength(20);
  });

  it('SIGINT: stops sending, reports every row (not sent included), journals, names --resume, exits 130; --resume finishes the rest', async () => {
    const file = join(dir, 'users.csv');
    writeFileSync(file, usersCsv(40));
    fake.latencyMs = 150;
    const child = spawn(process.execPath, [BIN, 'users', 'invite', '--from-file', file, '--concurrency', '2', '--json'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    while (invites().length < 4) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);

    const report = JSON.parse(stdout) as Row[];
    expect(report).toHaveLength(40);
    expect(report.map((x) => x.row)).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i + 2}`));
    const done = report.filter((x) => x.status === 'done');
    expect(done.length).toBeGreaterThanOrEqual(4);
    expect(report.filter((x) => x.status !== 'done').every((x) => x.status === 'not sent' && x.reason === 'stopped by Ctrl-C')).toBe(true);
    expect(stderr).toContain(`${done.length} done, 0 failed, ${40 - done.length} not sent of 40 rows.`);
    const journal = /Journal: (.+\.ndjson)/.exec(stderr)![1]!;
    expect(journal.startsWith(join(dir, 'state', 'epi', 'runs'))).toBe(true);
    expect(statSync(journal).mode & 0o777).toBe(0o600);
    expect(readFileSync(journal, 'utf8')).toContain('"status":"done"');
    const resume = `epi users invite --from-file ${file} --concurrency 2 --json --resume ${journal}`;
    expect(stderr).toContain(`To finish the remaining rows, run:\n  ${resume}`);
    expect(stderr).toContain('Stopped by Ctrl-C.');

    fake.latencyMs = 0;
    const sentBefore = invites().length;
    const resumed = await epi(resume.split(' ').slice(1));
    expect(resumed.code).toBe(0);
    const after = JSON.parse(resumed.stdout) as Row[];
    expect(after.filter((x) => x.status === 'skipped').map((x) => x.item)).toEqual(done.map((x) => x.item));
    expect(after.filter((x) => x.status === 'done')).toHaveLength(40 - done.length);
    expect(invites().length - sentBefore).toBe(40 - done.length);
    expect(fake.state.users.filter((u) => u.email.startsWith('u'))).toHaveLength(40);
  });

  it('SIGTERM exits 143 with the report', async () => {
    const file = join(dir, 'users.csv');
    writeFileSync(file, usersCsv(20));
    fake.latencyMs = 150;
    const child = spawn(process.execPath, [BIN, 'users', 'invite', '--from-file', file, '--concurrency', '1'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    while (invites().length < 1) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stdout.trimEnd().split('\n')).toHaveLength(20);
  });
});

describe('epi batch, run as the built binary', () => {
  it('runs users update once per row with {column} placeholders, emails resolved, output kept per row', async () => {
    fake.state.users.push(
      { id: '20001', organization_id: '739224', email: 'anna@acme.example', display_name: 'Anna', status: 'Active' },
      { id: '20002', organization_id: '739224', email: 'ben@acme.example', display_name: 'Ben', status: 'Active' },
    );
    writeFileSync(join(dir, 'moves.csv'), 'Email;Department\nanna@acme.example;Sales\nben@acme.example;Field Service\n');
    const r = await epi(['batch', join(dir, 'moves.csv'), '--json', '--', 'users', 'update', '{email}', '--department', '{department}']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Array<Row & { exit_code: number; stdout: string }>;
    expect(report.map((x) => [x.row, x.status, x.exit_code])).toEqual([
      ['line 2', 'done', 0],
      ['line 3', 'done', 0],
    ]);
    expect(report[1]!.item).toBe("epi users update ben@acme.example --department 'Field Service'");
    expect(report[0]!.stdout).toContain('anna@acme.example');
    expect(fake.state.users.find((u) => u.id === '20001')?.department).toBe('Sales');
    expect(fake.state.users.find((u) => u.id === '20002')?.department).toBe('Field Service');
    expect(r.stderr).toContain('2 done, 0 failed of 2 rows.');
  });

  it('--dry-run plans every row and changes nothing', async () => {
    writeFileSync(join(dir, 'moves.csv'), 'id,department\n20001,Sales\n20002,Ops\n');
    const r = await epi(['batch', join(dir, 'moves.csv'), '--dry-run', '--', 'users', 'update', '{id}', '--department', '{department}']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).body)).toEqual([{ department: 'Sales' }, { department: 'Ops' }]);
    expect(fake.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});
