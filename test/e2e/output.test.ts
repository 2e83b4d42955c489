import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync } from 'node:fs';
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
  dir = mkdtempSync(join(tmpdir(), 'epi-e2e-output-'));
  fake.requests.length = 0;
  fake.faults.length = 0;
});

const env = () => ({ ...fake.env, EPI_CONFIG_DIR: join(dir, 'epi'), EPILOT_TOKEN: TOKEN });
const epi = (args: string[]) => runBin(args, { env: env() });
/** Any C0 control but tab and newline, DEL or C1: what a terminal would act on. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = 'Eve\u001b]52;c;cm0gLXJmIH4=\u0007\u001b]0;pwned\u0007\u009b2J\rAdministrator';
const SHOWN = 'Eve^[]52;c;cm0gLXJmIH4=^G^[]0;pwned^G^[[2J^MAdministrator';

/** The fake keeps its users across tests, so each test names its own. */
function addUsers(n: number, prefix: string): void {
  for (let i = 0; i < n; i++) fake.state.users.push({ id: `${prefix}${i}`, organization_id: '739224', email: `${prefix}${i}@acme.example`, display_name: `User ${i}`, status: 'Active' });
}

/** Runs the binary with stdout on a file descriptor (a full device) instead of a pipe. */
function runToFd(args: string[], path: string): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(path, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env() }, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('server text cannot drive the terminal', () => {
  it('a hostile display name is made visible in TSV, records and CSV; JSON keeps it exactly', async () => {
    fake.state.users.push({ id: 'evil', organization_id: '739224', email: 'eve@acme.example', display_name: HOSTILE, status: 'Active' });

    const tsv = await epi(['users', 'list']);
    expect(tsv.code).toBe(0);
    expect(tsv.stdout).not.toMatch(CONTROL);
    expect(tsv.stdout).toContain(`evil\teve@acme.example\t${SHOWN}\tActive\t\n`);

    const record = await epi(['users', 'get', 'evil']);
    expect(record.stdout).not.toMatch(CONTROL);
    expect(record.stdout).toContain(`Name\t${SHOWN}\n`);

    const csv = await epi(['users', 'list', '--format', 'csv']);
    expect(csv.stdout).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    expect(csv.stdout.split('\r\n')[0]).toBe('ID,Email,Name,Status,Department');

    const json = await epi(['users', 'get', 'evil', '--json']);
    expect(json.stdout).not.toMatch(CONTROL);
    expect(JSON.parse(json.stdout).display_name).toBe(HOSTILE);
  });

  it('a hostile server error message is made visible in the error line', async () => {
    fake.inject({ method: 'GET', path: '/v2/users/evil', status: 400, body: { message: `bad \u001b[2J\u001b]0;owned\u0007 request` } });
    const r = await epi(['users', 'get', 'evil']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toContain('bad ^[[2J^[]0;owned^G request');
  });
});

describe('output formats and --jq with the built binary', () => {
  it('--format csv has a header row and one line per user', async () => {
    addUsers(120, 'csv');
    const r = await epi(['users', 'list', '--all', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(fake.state.users.length + 1);
    expect(lines[1]).toBe('10001,admin@acme.example,Ada Admin,Active,');
  });

  it('a listing past 1,000 records (where epi holds V8\'s young generation) prints every record once and nothing on stderr', async () => {
    addUsers(1200, 'long');
    const r = await epi(['users', 'list', '--all', '--ndjson']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ids = r.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toHaveLength(fake.state.users.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('long'))).toHaveLength(1200);
  });

  it('--jq runs real jq over the --json output; strings print raw', async () => {
    addUsers(3, 'jq');
    const r = await epi(['users', 'list', '--all', '--jq', '.[] | select(.email | startswith("jq")) | .email']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('jq0@acme.example\njq1@acme.example\njq2@acme.example\n');

    const api = await epi(['api', '/v2/users/me', '--jq', '.email']);
    expect(api.stdout).toBe('admin@acme.example\n');
    const picked = await epi(['api', '/v2/users/me', '--json', 'id,email']);
    expect(JSON.parse(picked.stdout)).toEqual({ id: '10001', email: 'admin@acme.example' });
  });

  it('a jq syntax error exits 2 with jq\'s message before any request', async () => {
    const r = await epi(['users', 'list', '--all', '--jq', '.[] | select(']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --jq: jq: error: syntax error, .*\njq: 1 compile error\n/s);
    expect(fake.requests).toEqual([]);
  });

  it('unknown --json fields fail before any request', async () => {
    const r = await epi(['users', 'list', '--all', '--json', 'id,emial']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error).toMatchObject({ message: 'Unknown field "emial" in --json.', exit_code: 2 });
    expect(fake.requests).toEqual([]);
  });

  it('conflicting output flags are a usage error naming both', async () => {
    const r = await epi(['users', 'list', '--ndjson', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --ndjson cannot be combined with --format csv.\nDrop one of them: --ndjson prints JSON, --format csv prints CSV.\n');
    expect(fake.requests).toEqual([]);
  });
});

describe('errors writing output', () => {
  it('a full disk is a failure naming the error, not a truncated file and exit 0', async () => {
    addUsers(300, 'full');
    const r = await runToFd(['users', 'list', '--all', '--json'], '/dev/full');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: could not write output: ENOSPC\n');
  });

  it('a reader that stops early (| head) is a quiet exit 0', async () => {
    addUsers(2000, 'pipe');
    const child = spawn(process.execPath, [BIN, 'users', 'list', '--all', '--ndjson'], { env: { PATH: process.env.PATH ?? '', ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
