/**
 * Response-shape fuzzing: every command that reads gets each hostile body in turn, on every
 * request it makes. It must fail with exit 1 and one line on stderr (a hint may follow), never a
 * stack trace or "Unexpected error", and whatever it wrote to stdout must be valid for the mode.
 * The table is checked against the real command tree, so a new command must be classified here.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { HOSTS } from '../helpers/contract.js';
import { runEpi, type RunOptions } from '../helpers/run.js';
import { TOKEN } from '../helpers/token.js';

const BODIES: Record<string, unknown> = { null: null, '{}': {}, '[]': [], '"x"': 'x', '5': 5, '[null,5,"x"]': [null, 5, 'x'] };
type Body = keyof typeof BODIES;

interface Case {
  /** The command line; --json and piped TSV are both tried. */
  argv: string;
  /**
   * Bodies that are a real answer for this command, from the spec: `[]` where the API answers a
   * bare array (no roles, no groups), `{}` where it answers a map (no settings). Value: the exit
   * code that answer gives.
   */
  valid?: Partial<Record<Body, number>>;
  options?: RunOptions;
}

/** Commands that read, with what to run; read-modify-write changes run with --dry-run. */
const READS: Record<string, Case[]> = {
  'auth login': [{ argv: 'auth login --with-token', options: { stdin: TOKEN } }],
  'auth status': [{ argv: 'auth status' }],
  'org current': [{ argv: 'org current' }],
  'org get': [{ argv: 'org get 739224' }],
  'org features': [{ argv: 'org features' }],
  'org feature-catalog': [{ argv: 'org feature-catalog' }],
  'org list': [{ argv: 'org list' }],
  'settings list': [{ argv: 'settings list', valid: { '{}': 0 } }],
  export: [{ argv: `export --dir ${join(tmpdir(), 'epi-shapes-export')}` }],
  diff: [{ argv: 'diff @ @' }],
  'settings get': [{ argv: 'settings get default_language', valid: { '{}': 3 } }],
  'users list': [{ argv: 'users list' }, { argv: 'users list --in-org 739224' }, { argv: 'users list --all --with roles,groups' }, { argv: 'users list --status active' }],
  'users get': [{ argv: 'users get 10001' }, { argv: 'users get ada@acme.example' }],
  'users groups': [{ argv: 'users groups 10001', valid: { '[]': 0 } }],
  'users roles': [{ argv: 'users roles 10001', valid: { '[]': 0 } }],
  'users update': [{ argv: 'users update ada@acme.example --display-name Ada --dry-run' }],
  'users delete': [{ argv: 'users delete ada@acme.example --dry-run' }],
  'users set-roles': [{ argv: 'users set-roles 10001 739224:owner --dry-run --yes' }],
  'me show': [{ argv: 'me show' }],
  'me roles': [{ argv: 'me roles' }],
  'me settings list': [{ argv: 'me settings list' }],
  'me settings get': [{ argv: 'me settings get ui theme' }, { argv: 'me settings get ui' }],
  'me passkeys list': [{ argv: 'me passkeys list' }],
  'groups list': [{ argv: 'groups list' }],
  'groups get': [{ argv: 'groups get g1' }],
  'groups add-users': [{ argv: 'groups add-users g1 10002 --dry-run' }],
  'groups remove-users': [{ argv: 'groups remove-users g1 10002 --dry-run' }],
  'roles list': [{ argv: 'roles list' }, { argv: 'roles list --partner 456' }],
  'roles search': [{ argv: 'roles search --query owner' }],
  'roles get': [{ argv: 'roles get 739224:owner' }],
  'roles update': [{ argv: 'roles update 739224:owner --name Owners --dry-run' }, { argv: 'roles update 456:sales --partner 456 --name S --dry-run' }],
  'roles assignments': [{ argv: 'roles assignments' }, { argv: 'roles assignments --user 10001', valid: { '[]': 0 } }],
  'roles members': [{ argv: 'roles members 739224:owner' }],
  'users offboard': [{ argv: 'users offboard 10002 --dry-run' }],
  'partners invitation': [{ argv: 'partners invitation tok' }],
  'partners search': [{ argv: 'partners search --query acme' }],
  'partners get': [{ argv: 'partners get --user 10001' }],
  'partners geocode': [{ argv: 'partners geocode Berlin' }],
  'partners users list': [{ argv: 'partners users list 456' }],
  'invites check': [{ argv: 'invites check tok' }],
  'invites accept': [{ argv: 'invites accept tok --password-stdin --dry-run', options: { stdin: 'correct horse battery staple 1!' } }],
  'navigations get': [{ argv: 'navigations get n1' }],
  'audit list': [{ argv: 'audit list --since 1d' }],
  'audit get': [{ argv: 'audit get e1' }],
  'audit tail': [{ argv: 'audit tail --ndjson' }],
  'tokens list': [{ argv: 'tokens list', valid: { '[]': 0 } }],
};

/** Commands that read nothing epi uses from a server, and why. */
const NO_READ: Record<string, string> = {
  'auth list': 'lists the stored profiles',
  'auth logout': 'local',
  'auth token': 'local',
  'config list': 'local',
  'config get': 'local',
  'config set': 'local',
  'config unset': 'local',
  completion: 'local',
  'emulator reset': 'writes the local emulator state file; no server',
  'emulator serve': 'is the server',
  'roles refresh': 'the answer is not used: success is the status',
  api: 'prints any body as the server sent it, by design',
};

async function leaves(): Promise<Array<{ name: string; dryRun: boolean }>> {
  const program = await buildProgram({ io: {} as never, env: {} });
  const out: Array<{ name: string; dryRun: boolean }> = [];
  const walk = (c: Command, path: string[]): void => {
    // commander's own `help` subcommands read nothing.
    if (!c.commands.length && c.name() !== 'help') out.push({ name: path.join(' '), dryRun: c.options.some((o) => o.long === '--dry-run') });
    for (const sub of c.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

/** Every request, to any of the four APIs, gets this body with status 200. */
function answerEverything(body: unknown): void {
  const text = JSON.stringify(body);
  for (const host of Object.keys(HOSTS)) {
    for (const method of ['GET', 'POST']) {
      nock(`https://${host}`)
        .persist()
        .intercept(/.*/, method)
        .reply(200, text, { 'content-type': 'application/json' });
    }
  }
}

/** stdout is valid for the mode: JSON (or NDJSON plans) under --json/--dry-run, lines otherwise. */
function expectValidStdout(stdout: string, json: boolean, dryRun: boolean): void {
  if (!stdout) return;
  if (json || dryRun) {
    expect(() => JSON.parse(stdout), stdout).not.toThrow();
  } else {
    expect(stdout.endsWith('\n'), stdout).toBe(true);
  }
}

describe('response shapes: every reading command against hostile bodies', () => {
  it('classifies every command of the tree: reads (fuzzed below), changes that read nothing, or local', async () => {
    const all = await leaves();
    const unclassified = all.filter((l) => !(l.name in READS) && !(l.name in NO_READ) && !l.dryRun).map((l) => l.name);
    expect(unclassified, 'commands that read: add them to READS').toEqual([]);
    const stale = Object.keys({ ...READS, ...NO_READ }).filter((name) => !all.some((l) => l.name === name));
    expect(stale, 'entries for commands that no longer exist').toEqual([]);
  });

  const cases = Object.values(READS).flat();
  for (const c of cases) {
    for (const bodyName of Object.keys(BODIES) as Body[]) {
      it(`${c.argv} ← ${bodyName}`, async () => {
        for (const json of [false, true]) {
          answerEverything(BODIES[bodyName]);
          const r = await runEpi(`${c.argv}${json ? ' --json' : ''}`, c.options);
          nock.cleanAll();
          const dryRun = c.argv.includes('--dry-run');
          const expected = c.valid?.[bodyName];
          expect(r.stderr, 'no crash').not.toMatch(/Unexpected error|^\s+at /m);
          expectValidStdout(r.stdout, json, dryRun);
          if (expected !== undefined) {
            expect(r.code, r.stderr).toBe(expected);
            continue;
          }
          expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(1);
          const lines = r.stderr.trimEnd().split('\n');
          if (json) {
            expect(lines, r.stderr).toHaveLength(1);
            expect(JSON.parse(lines[0]!).error.message).toMatch(/^Unexpected response from (GET|POST) \/\S+: expected .+, got .+/);
          } else {
            expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
            expect(lines[0]).toMatch(/^error: Unexpected response from (GET|POST) \/\S+: expected .+, got .+/);
            expect(lines[1]).toContain('--debug');
          }
          expect(r.stdout, 'nothing printed from a body epi cannot use').toBe(dryRun ? r.stdout : '');
        }
      });
    }
  }
});
