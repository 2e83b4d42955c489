import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { BIN, runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
const ADMIN = makeToken();
const env = () => ({ ...fake.env, EPI_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'epi-e2e-audit-')), EPILOT_TOKEN: ADMIN });
/** A write as the emulator records it (src/emulator/core.ts). */
const recorded = (id: string, service: string, event: string, secondsAgo: number, status = 200) => ({
  id,
  timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  org_id: '739224',
  user_id: '10001',
  service,
  event,
  status,
  outcome: status < 400 ? 'success' : 'failure',
});

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

describe('audit list --since', () => {
  it('lists the changes of the window, and only those', async () => {
    const old = recorded('old-1', 'permissions', 'deleteRole', 3 * 86_400);
    fake.state.auditEvents.push(old);
    const e = env();
    const create = await runBin(['groups', 'create', '--name', 'Auditors'], { env: e });
    expect(create.code).toBe(0);

    const recent = await runBin(['audit', 'list', '--since', '1h', '--event', 'POST /v1/groups', '--json'], { env: e });
    expect(recent.code).toBe(0);
    const events = JSON.parse(recent.stdout) as Array<{ event_name: string; service_name: string; caller: { user_email: string } }>;
    expect(events.map((x) => [x.service_name, x.event_name, x.caller.user_email])).toEqual([['user', 'POST /v1/groups', 'admin@acme.example']]);

    const week = await runBin(['audit', 'list', '--since', '7d', '--event', 'deleteRole'], { env: e });
    expect(week.stdout).toBe(`${old.timestamp}\tadmin@acme.example\tpermissions\tdeleteRole\tsuccess\n`);
    expect(week.stderr).toBe('');
    expect((await runBin(['audit', 'list', '--since', '1d', '--event', 'deleteRole', '--json'], { env: e })).stdout.trim()).toBe('[]');
  });
});

describe('audit tail', () => {
  it('prints each event once, picks up new ones, and exits 130 on Ctrl-C', async () => {
    fake.state.auditEvents.push(recorded('tail-1', 'tailtest', 'first', 30));
    const child = spawn(process.execPath, [BIN, 'audit', 'tail', '--service', 'tailtest', '--interval', '5', '--ndjson'], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env() } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => stdout.includes('tail-1'));
    fake.state.auditEvents.push(recorded('tail-2', 'tailtest', 'second', 0, 500));
    // The second poll returns tail-1 again (it is inside the look-back window): it must not be printed twice.
    await until(() => stdout.includes('tail-2'));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const ids = stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(['tail-1', 'tail-2']);
    expect(stderr).toContain('Stopped following the audit log.');
  });
});
