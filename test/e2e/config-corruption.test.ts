/**
 * A config file that cannot be read or trusted: the built binary must say which file and why, in
 * one line, exit 1, and leave every byte of it alone so the tokens in it survive. A file others
 * can read is tightened to 0600 with a warning, and keeps working.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const TOKEN = makeToken();
const GOOD = JSON.stringify({ profiles: { default: { token: TOKEN, email: 'admin@acme.example' }, staging: { token: TOKEN, env: 'staging' } } }, null, 2);

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

function configWith(contents: string | null, mode = 0o600): { dir: string; file: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'epi-corrupt-')), 'epi');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'config.json');
  if (contents === null) mkdirSync(file);
  else writeFileSync(file, contents, { mode });
  chmodSync(dir, 0o700);
  if (contents !== null) chmodSync(file, mode);
  return { dir, file };
}

const epi = (dir: string, args: string[], input?: string) => runBin(args, { env: { ...fake.env, EPI_CONFIG_DIR: dir }, input });

const CORRUPT: Array<[string, string | null, RegExp]> = [
  ['truncated JSON', GOOD.slice(0, GOOD.length / 2), /it is not valid JSON \(truncated or edited by hand\?\)/],
  ['an empty file', '', /it is not valid JSON/],
  ['binary garbage', '\u0000\u0001\u00ff\u00fe{', /it is not valid JSON/],
  ['profiles as an array', JSON.stringify({ profiles: [{ token: TOKEN }] }), /"profiles" must be an object/],
  ['a profile as a string', JSON.stringify({ profiles: { default: TOKEN } }), /profiles\.default must be an object/],
  ['a token as a number', JSON.stringify({ profiles: { default: { token: 42 }, keep: { token: TOKEN } } }), /profiles\.default\.token must be a string/],
  ['a top-level array', JSON.stringify([{ profiles: { default: { token: TOKEN } } }]), /the top level must be a JSON object/],
  ['a top-level null', 'null', /the top level must be a JSON object/],
  ['a top-level string', JSON.stringify(TOKEN), /the top level must be a JSON object/],
  ['a directory in place of the file', null, /it is a directory, not a file/],
];

// Reads (org current), writes (auth login, config set, auth logout) and a dry run all stop alike.
const COMMANDS: Array<[string[], string?]> = [
  [['org', 'current']],
  [['auth', 'login', '--with-token'], TOKEN],
  [['config', 'set', 'env', 'staging']],
  [['auth', 'logout', '--all']],
  [['settings', 'put', 'x', '1', '--dry-run']],
];

describe('a corrupt config file', () => {
  it.each(CORRUPT)('%s: a clear error naming the file, and the file untouched', async (_name, contents, reason) => {
    const { dir, file } = configWith(contents);
    for (const [args, input] of COMMANDS) {
      const r = await epi(dir, args, input);
      const what = `${args.join(' ')}: ${r.stderr}`;
      expect(r.code, what).toBe(1);
      expect(r.stdout, what).toBe('');
      expect(r.stderr, what).not.toMatch(/\n\s+at /);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length, what).toBeLessThanOrEqual(2);
      expect(lines[0], what).toContain(file);
      expect(lines[0], what).toMatch(reason);
      expect(lines[1], what).toMatch(/epi has not changed it/);
      if (contents === null) expect(statSync(file).isDirectory()).toBe(true);
      else expect(readFileSync(file, 'latin1'), `${args.join(' ')} changed the file`).toBe(Buffer.from(contents, 'utf8').toString('latin1'));
    }
  });

  it('--help, completion and other commands that need no config still work', async () => {
    const { dir } = configWith('{"profiles":');
    expect((await epi(dir, ['--help'])).code).toBe(0);
    expect((await epi(dir, ['completion', 'bash'])).code).toBe(0);
  });

  it('a config directory that is a file: named, exit 1, nothing written', async () => {
    const { file } = configWith(GOOD);
    const r = await epi(file, ['org', 'current']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toContain(`${file} is a file, not a directory`);
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
  });
});

describe('a config file others can read', () => {
  it.each([0o644, 0o604, 0o640])('mode %o: a warning, tightened to 0600, tokens kept and used', async (mode) => {
    const { dir, file } = configWith(GOOD, mode);
    const r = await epi(dir, ['org', 'current', '--json', 'id']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224' });
    expect(r.stderr).toBe(
      `warning: The config file ${file} was readable by others (mode ${mode.toString(8)}); epi set it to 600. Tokens stored in it may have been exposed: consider logging in again with a new token.\n`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
    const again = await epi(dir, ['org', 'current', '--json', 'id']);
    expect(again.stderr).toBe('');
  });

  it('a config directory others can enter is tightened to 0700 too', async () => {
    const { dir } = configWith(GOOD);
    chmodSync(dir, 0o755);
    const r = await epi(dir, ['auth', 'status']);
    expect(r.code).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
