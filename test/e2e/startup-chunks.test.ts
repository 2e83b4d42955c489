/**
 * The emulator (its routes, ajv and the bundled specs) is a chunk of its own that only `--env
 * local` and `epi emulator` load: `epi --help` and a command against a real API never read it.
 * The test records every module of dist/ that Node loaded: dist/ is CommonJS, so they are the
 * files in require's cache when the process exits.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const CHUNKS = fileURLToPath(new URL('../../dist/chunks/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'epi-e2e-chunks-'));
const recorder = join(dir, 'record-loaded.cjs');
writeFileSync(recorder, `process.on('exit', () => require('node:fs').writeFileSync(process.env.EPI_LOADED, Object.keys(require.cache).join('\\n')));\n`);

/** The chunks that hold the emulator's engine and its contract. */
const emulatorChunks = () => readdirSync(CHUNKS).filter((f) => /does not emulate|Request does not match the API spec/.test(readFileSync(join(CHUNKS, f), 'utf8')));

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

let runs = 0;
async function loaded(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const log = join(dir, `loaded-${++runs}.txt`);
  writeFileSync(log, '');
  const r = await runBin(args, { env: { NODE_OPTIONS: `--require ${recorder}`, EPI_LOADED: log, EPI_CONFIG_DIR: join(dir, `config-${runs}`), ...env } });
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter((u) => u.includes('/dist/')).map((u) => u.slice(u.lastIndexOf('/') + 1));
}

describe('the emulator is not on the start-up path', () => {
  it('is loaded by --env local, and by neither epi --help, a help page nor epi org current', async () => {
    const chunks = emulatorChunks();
    expect(chunks.length).toBeGreaterThan(0);
    expect(await loaded(['--env', 'local', 'org', 'current'])).toEqual(expect.arrayContaining(chunks));
    // `epi --help` is answered from dist/help.txt before any module loads; a noun's help runs the CLI.
    expect(await loaded(['--help'])).toEqual([]);
    const help = await loaded(['users', '--help']);
    expect(help).toContain('main.js');
    expect(help.filter((f) => chunks.includes(f))).toEqual([]);
    const current = await loaded(['org', 'current'], { ...fake.env, EPILOT_TOKEN: makeToken() });
    expect(current.some((f) => f.startsWith('org-'))).toBe(true);
    expect(current.filter((f) => chunks.includes(f))).toEqual([]);
  });
});

describe('Node’s fetch classes are not loaded', () => {
  // Touching globalThis.Request, Response, Headers or FormData loads all of undici (about 20 ms of
  // start-up on Node 20); ky is bundled with epi's own classes instead (src/api/fetch-classes.ts).
  // Node 24 loads undici for a bare node:http request from an ES module too, so that is the bar, on
  // the same Node: epi (CommonJS) may load less, never more.
  it('by a command that sends requests, reading or writing: no more than a bare node:http request', async () => {
    const probe = join(dir, 'undici-probe.cjs');
    writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(process.env.EPI_INTERNALS, process.moduleLoadList.join('\\n')));\n`);
    const loadsUndici = (file: string) => {
      const modules = readFileSync(file, 'utf8');
      expect(modules).toContain('NativeModule _http_client');
      return modules.includes('undici');
    };
    const bare = join(dir, 'internals-bare.txt');
    // The benchmark's floor: an ES module that sends one GET with node:http.
    const floorScript = fileURLToPath(new URL('../../bench/http-floor.mjs', import.meta.url));
    // Not execFileSync: the fake server answers from this process's event loop.
    await promisify(execFile)(process.execPath, ['--require', probe, floorScript, fake.env.EPILOT_ORGANIZATION_API_URL!, makeToken()], { env: { ...process.env, EPI_INTERNALS: bare } });
    const floor = loadsUndici(bare);
    for (const [i, args] of [['org', 'current', '--json'], ['users', 'invite', '--email', 'new.person@acme.example', '--json']].entries()) {
      const internals = join(dir, `internals-${i}.txt`);
      const r = await runBin(args, { env: { ...fake.env, EPILOT_TOKEN: makeToken(), EPI_CONFIG_DIR: join(dir, `config-undici-${i}`), NODE_OPTIONS: `--require ${probe}`, EPI_INTERNALS: internals } });
      expect(r.code, r.stderr).toBe(0);
      expect(loadsUndici(internals) && !floor, `epi ${args.join(' ')} loads undici`).toBe(false);
    }
  });
});
