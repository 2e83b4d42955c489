import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';

const API = 'https://user.sls.epilot.io';

function file(name: string, content: string): string {
  const path = join(tempConfigDir(), name);
  writeFileSync(path, content);
  return path;
}

type Row = { row: string; item: string; status: string; reason?: string; exit_code?: number; stdout?: string; stderr?: string };

describe('epi batch', () => {
  it('runs the command once per row with {column} values, keeping each row\'s output in the report', async () => {
    const moves = file('moves.csv', 'id;department;name\n10001;Sales;Anna\n10002;Field Service;Ben\n');
    nock(API).patch('/v2/users/10001', { department: 'Sales' }).reply(200, { id: '10001', email: 'anna@acme.example', department: 'Sales' });
    nock(API).patch('/v2/users/10002', { department: 'Field Service' }).reply(200, { id: '10002', email: 'ben@acme.example', department: 'Field Service' });
    const r = await runEpi(['batch', moves, '--json', '--concurrency', '1', '--', 'users', 'update', '{id}', '--department', '{department}', '--json', 'id,department']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Row[];
    expect(report.map((x) => [x.row, x.item, x.status, x.exit_code])).toEqual([
      ['line 2', 'epi users update 10001 --department Sales --json id,department', 'done', 0],
      ['line 3', "epi users update 10002 --department 'Field Service' --json id,department", 'done', 0],
    ]);
    expect(JSON.parse(report[1]!.stdout!)).toEqual({ id: '10002', department: 'Field Service' });
    expect(r.stderr).toContain('2 done, 0 failed of 2 rows.');
  });

  it('checks the placeholders against the header before anything runs', async () => {
    const moves = file('moves.csv', 'email,dept\nanna@acme.example,Sales\n');
    const r = await runEpi(['batch', moves, '--', 'users', 'update', '{email}', '--department', '{department}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The command names {department}, but the header of');
    expect(r.stderr).toContain('Columns: email, dept.');
    expect(r.requests).toEqual([]);
  });

  it('parses every row\'s command line first and lists the bad rows by line; nothing runs', async () => {
    const rows = file('rows.csv', 'verb,id\nget,10001\nfrobnicate,10002\nget,\nget,10003\n');
    const r = await runEpi(['batch', rows, '--', 'users', '{verb}', '{id}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 of 4 rows cannot run; nothing was run:');
    expect(r.stderr).toContain("  line 3: unknown command 'frobnicate'");
    expect(r.stderr).toContain('  line 4: {id} is empty');
    expect(r.stderr).toContain('--skip-invalid');
    expect(r.requests).toEqual([]);
  });

  it('--dry-run is passed to every row and prints every planned request, in row order', async () => {
    const moves = file('moves.ndjson', '{"id":"10001","department":"Sales"}\n{"id":"10002","department":"Ops"}\n');
    const r = await runEpi(['batch', moves, '--dry-run', '--', 'users', 'update', '{id}', '--department', '{department}']);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    const plans = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(plans.map((p) => [p.method, p.url, p.body])).toEqual([
      ['PATCH', `${API}/v2/users/10001`, { department: 'Sales' }],
      ['PATCH', `${API}/v2/users/10002`, { department: 'Ops' }],
    ]);
  });

  it('reports a failing row with its exit code and stderr, runs the others, exits 1', async () => {
    const moves = file('moves.csv', 'id,department\n10001,Sales\n10009,Ops\n');
    nock(API).patch('/v2/users/10001').reply(200, { id: '10001', department: 'Sales' });
    nock(API).patch('/v2/users/10009').reply(404, { message: 'User not found' });
    const r = await runEpi(['batch', moves, '--json', '--', 'users', 'update', '{id}', '--department', '{department}']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Row[];
    expect(report.map((x) => [x.status, x.exit_code])).toEqual([
      ['done', 0],
      ['failed', 3],
    ]);
    expect(report[1]!.reason).toMatch(/^PATCH .*\/v2\/users\/10009 failed: 404/);
    expect(report[1]!.stderr).toContain('User not found');
    expect(r.stderr).toContain('1 of 2 rows failed.');
  });

  it('a row stopped by a 429 goes back to the runner and runs again', async () => {
    const moves = file('moves.csv', 'id,department\n10001,Sales\n');
    nock(API).patch('/v2/users/10001').reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '0' });
    nock(API).patch('/v2/users/10001').reply(200, { id: '10001', department: 'Sales' });
    const r = await runEpi(['batch', moves, '--json', 'status', '--', 'users', 'update', '{id}', '--department', '{department}']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ status: 'done' }]);
    expect(r.requests).toHaveLength(2);
  });

  it('needs the command after --', async () => {
    const r = await runEpi(['batch', file('x.csv', 'a\n1\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing the command to run for each row.');
  });
});
