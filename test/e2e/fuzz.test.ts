/**
 * Fuzzing: argument lines generated from the real command tree (buildProgram's commands, their
 * options and arguments) with junk values, run in-process against the loopback fake, and a sample
 * through the built binary. Whatever the input: no unexpected error, no stack trace, an exit code
 * from the documented set, nothing sent anywhere but 127.0.0.1, and no destructive request
 * without --yes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import type { IO } from '../../src/runtime.js';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { runEpi, type RunResult } from '../helpers/run.js';
import { TOKEN } from '../helpers/token.js';

interface FuzzOption {
  flag: string;
  value: 'none' | 'required' | 'optional';
  choices?: string[];
}

interface FuzzCommand {
  path: string[];
  args: Array<{ required: boolean; variadic: boolean; choices?: string[] }>;
  /** The command's own options. */
  options: FuzzOption[];
  /** Has --yes: deletes, rejects, unassigns or replaces. */
  destructive: boolean;
}

const toFuzzOption = (o: Option): FuzzOption => ({ flag: o.long ?? o.short!, value: o.required ? 'required' : o.optional ? 'optional' : 'none', choices: o.argChoices });

/** Every command of the real tree with its arguments and own options. */
function commandsOf(cmd: Command, path: string[] = []): FuzzCommand[] {
  const self: FuzzCommand = {
    path,
    args: cmd.registeredArguments.map((a) => ({ required: a.required, variadic: a.variadic, choices: a.argChoices })),
    options: cmd.options.filter((o) => !WRITES_TO.includes(o.long ?? '')).map(toFuzzOption),
    destructive: cmd.options.some((o) => o.long === '--yes'),
  };
  return [self, ...cmd.commands.flatMap((sub) => commandsOf(sub, [...path, sub.name()]))];
}

/**
 * Options whose value is a path epi writes to: a junk value such as "/" or "/etc" would have the
 * fuzzer (run as root in CI) write files anywhere. Their handling is tested on its own.
 */
const WRITES_TO = ['--journal', '--state', '--dir'];
const PROGRAM = await buildProgram({ io: {} as IO, env: {} });
/**
 * Left out: commands that run until Ctrl-C (a server, a tail), which would wait for a signal that
 * never comes, and `export`, which writes a directory (./org by default) wherever it is told.
 */
const NOT_FUZZED = ['emulator serve', 'audit tail', 'export'];
const COMMANDS = commandsOf(PROGRAM).filter((c) => !NOT_FUZZED.includes(c.path.join(' ')));
const DESTRUCTIVE = COMMANDS.filter((c) => c.destructive);
// The program's flags apply to every command; --debug prints stack traces on purpose, and
// --version/--help end a run at once, so they are added rarely and on their own below.
const GLOBAL_OPTIONS = PROGRAM.options.filter((o) => !['--debug', '--version'].includes(o.long!)).map(toFuzzOption);

const junk: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(
    '', ' ', '-', '--', '0', '-1', '1', '50', '1e308', '1e-9', '99999999999999999999999', 'NaN', 'Infinity', '0x10', '3.5',
    'null', 'true', 'false', '{}', '[]', '{"a":', '[1,2', '{"enabled":true}', '"quoted"',
    '@/nonexistent/epi-fuzz.json', '/nonexistent/epi-fuzz.json', '@-', '/', '.', '..', '/etc',
    'a=b', 'key=', '=v', 'x[]=1', 'a[b]=c', 'a]b=1', '__proto__', 'constructor', 'toString', '__proto__[x]=1',
    'not-an-email', 'a@b', 'http://example.com', 'ftp://x', 'javascript:alert(1)',
    'GET', 'POST', 'DELETE', 'head', '/v3/nothing', 'v2/organization/current', '/v2/organization/current?x=1',
    'Name: value', 'X: ü', 'Content-Length: 1', 'nope,id', 'a.b.c',
    'x'.repeat(5000), '😀', 'Ω≈ç√', '\u0000', '\t\n', '%', '%00', '../..', 'ü@ä.example',
  ) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Values the fake knows, so a good share of lines get past validation and reach the API. */
const plausible = fc.constantFrom(
  '739224', '10001', 'me', 'default_language', 'double_opt_in', 'de', 'Sales', 'admin@acme.example', 'new@acme.example',
  'https://acme.example', 'true', '{"enabled":true}', '1', '5', 'id,name', 'prod', 'organization', 'user',
  '/v2/users/me', '/v1/groups', '/v2/organization/current', '/v1/permissions/roles', '/v2/users/public/checkToken', 'bash', 'fish', 'name=Sales',
);

const valueFor = (choices?: string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: choices ? fc.constantFrom(...choices) : plausible }, { weight: 2, arbitrary: junk });

function withValue(o: FuzzOption): fc.Arbitrary<string[]> {
  const valued = valueFor(o.choices).map((v) => [o.flag, v]);
  if (o.value === 'none') return fc.constant<string[]>([o.flag]);
  return o.value === 'optional' ? fc.oneof(fc.constant<string[]>([o.flag]), valued) : valued;
}

function lineFor(c: FuzzCommand): fc.Arbitrary<string[]> {
  const required = c.args.filter((a) => a.required).length;
  const count = fc.oneof({ weight: 4, arbitrary: fc.constant(required) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: c.args.length + 1 }) });
  const positional = count.chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => valueFor((c.args[i] ?? c.args.at(-1))?.choices))));
  const own = c.options.length ? fc.array(fc.constantFrom(...c.options).chain(withValue), { maxLength: 3 }) : fc.constant([]);
  const globals = fc.array(fc.constantFrom(...GLOBAL_OPTIONS).chain(withValue), { maxLength: 1 });
  const extra = fc.oneof({ weight: 30, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.constantFrom<string[]>(['--help'], ['--version'], ['-h']) });
  return fc.tuple(positional, own, globals, extra, fc.boolean()).map(([args, o, g, x, flagsFirst]) => {
    const flags = [...o.flat(), ...g.flat(), ...x];
    return [...c.path, ...(flagsFirst ? [...flags, ...args] : [...args, ...flags])];
  });
}

const lineArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...COMMANDS).chain(lineFor) },
  { weight: 1, arbitrary: fc.array(junk, { maxLength: 6 }) },
);

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const EXIT_CODES = new Set([0, 1, 2, 3, 4]);
const hasYes = (line: string[]) => line.includes('--yes') || line.includes('-y') || line.includes('--dry-run');
/** Help and version end the run at once, successfully, whatever else the line says. */
const asksHelp = (line: string[]) => line.some((w) => ['--help', '-h', '--version', '-v'].includes(w));
const destructiveCommand = (line: string[]) => DESTRUCTIVE.find((c) => c.path.length && c.path.every((w, i) => line[i] === w) && !COMMANDS.some((o) => o.path.length > c.path.length && o.path.every((w, i) => line[i] === w)));

let fake: FakeServer;
let base: string;
let runs = 0;
const escaped: string[] = [];
const unhandled: unknown[] = [];
const realFetch = globalThis.fetch;
const onUnhandled = (e: unknown) => unhandled.push(e);
let home: string;

beforeAll(async () => {
  fake = await startFakeServer();
  base = mkdtempSync(join(tmpdir(), 'epi-fuzz-'));
  // Generated lines write files relative to the working directory (epi export <dir>, emulator
  // serve --state <file>): in a temp dir, not the repository. The binaries inherit it.
  home = process.cwd();
  process.chdir(base);
  // The last line of defence: whatever a command builds, nothing may leave the machine.
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1') {
      escaped.push(url.href);
      return Promise.reject(new TypeError(`fuzz: blocked a request to ${url.host}`));
    }
    return realFetch(input, init);
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});

afterAll(async () => {
  process.chdir(home);
  globalThis.fetch = realFetch;
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await fake?.close();
  rmSync(base, { recursive: true, force: true });
});

function checkRun(line: string[], r: { code: number | null; stdout: string; stderr: string }, requests?: RunResult['requests']): void {
  const shown = JSON.stringify(line);
  expect(EXIT_CODES.has(r.code ?? -1), `${shown} exited ${r.code}\n${r.stderr}`).toBe(true);
  expect(r.stderr, `${shown} printed a stack trace`).not.toMatch(/\n\s+at /);
  expect(r.stderr, `${shown} hit an unexpected error`).not.toContain('Unexpected error');
  // The fake is always up: failing to reach it means epi broke its own request (e.g. a bad option).
  expect(r.stderr, `${shown} could not reach the fake`).not.toMatch(/Could not reach 127\.0\.0\.1/);
  for (const q of requests ?? []) expect(new URL(q.url).hostname, `${shown} sent ${q.method} ${q.url}`).toBe('127.0.0.1');
  const destructive = destructiveCommand(line);
  if (destructive && !hasYes(line) && requests) {
    expect(requests.filter((q) => MUTATING.has(q.method)), `${shown} changed something without --yes`).toEqual([]);
    if (!asksHelp(line)) expect(r.code, `${shown} succeeded without --yes`).not.toBe(0);
  }
}

const inProcess = (line: string[], token: boolean) =>
  runEpi(line, { contract: false, token: token ? TOKEN : null, configDir: join(base, `r${runs++}`), env: { ...fake.env } });

describe('fuzzing the command line', () => {
  it('walks a real command tree', () => {
    expect(COMMANDS.length).toBeGreaterThan(40);
    expect(DESTRUCTIVE.length).toBeGreaterThan(5);
    expect(COMMANDS.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['api', 'completion', 'org current', 'settings delete']));
  });

  // EPI_FUZZ_RUNS and EPI_FUZZ_SEED explore further than the fixed 2,000 lines of the suite.
  it('survives 2,000 generated argument lines in-process', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(lineArb, fc.boolean(), async (line, token) => {
        const r = await inProcess(line, token);
        checkRun(line, r, r.requests);
      }),
      { numRuns: Number(process.env.EPI_FUZZ_RUNS ?? 2000), seed: Number(process.env.EPI_FUZZ_SEED ?? 20261124), endOnFailure: true },
    );
    expect(escaped, 'requests that tried to leave 127.0.0.1').toEqual([]);
    expect(unhandled, 'unhandled rejections or exceptions').toEqual([]);
  });

  it('takes huge and tiny --timeout values: a limit past what a timer holds means no limit', async () => {
    for (const timeout of ['1e308', '3000000', '2147484']) {
      const r = await inProcess(['org', 'current', '--json', 'id', '--timeout', timeout], true);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    fake.inject({ path: '/v2/organization/current', hang: true });
    const tiny = await inProcess(['org', 'current', '--timeout', '1e-9', '--max-retries', '0'], true);
    expect(tiny.code).toBe(1);
    expect(tiny.stderr).toMatch(/^error: Timed out after /);
  });

  it('refuses every destructive verb without --yes when no one can be asked (exit 2, nothing changed)', { timeout: 120_000 }, async () => {
    for (const c of DESTRUCTIVE) {
      const line = [...c.path, ...c.args.map(() => '10001')];
      const r = await inProcess(line, true);
      // Exit 2 either way: for the missing --yes, or for a required flag checked before the question.
      expect(r.code, `${line.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.requests.filter((q) => MUTATING.has(q.method))).toEqual([]);
    }
  });

  it('survives 200 generated lines through the built binary', { timeout: 600_000 }, async () => {
    // A process argument cannot carry a NUL byte; the in-process run covers those.
    const lines = fc.sample(lineArb, { numRuns: 200, seed: 7 }).map((line) => line.map((w) => w.replaceAll('\0', '')));
    const queue = lines.map((line, i) => ({ line, i }));
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const env = { ...fake.env, EPI_CONFIG_DIR: join(base, `bin${job.i}`), EPILOT_TOKEN: TOKEN };
        const r = await runBin(job.line, { env, timeoutMs: 30_000 });
        expect(r.signal, `${JSON.stringify(job.line)} was killed`).toBeNull();
        checkRun(job.line, r);
      }
    };
    await Promise.all([worker(), worker()]);
  });
});
