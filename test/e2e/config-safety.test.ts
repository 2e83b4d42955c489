/**
 * The config store under concurrency and attack, with the built binary: parallel logins keep every
 * profile, killed writers leave no token-holding temp files behind, and a config someone else could
 * have written is refused before any request is sent (ssh's rule for ~/.ssh/config).
 */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const TOKEN = makeToken();
const OTHER_UID = 4242;

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'epi-safety-')), 'epi');
}

const epi = (dir: string, args: string[], input?: string) => runBin(args, { env: { ...fake.env, EPI_CONFIG_DIR: dir }, input });
const stored = (dir: string) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, string>> };

/** chown needs root (the test suite runs as root); elsewhere the ownership tests say why they are skipped. */
const canChown = (() => {
  const probe = join(mkdtempSync(join(tmpdir(), 'epi-chown-')), 'f');
  writeFileSync(probe, '');
  try {
    chownSync(probe, OTHER_UID, OTHER_UID);
    return true;
  } catch {
    return false;
  }
})();
const ownership = canChown ? describe : describe.skip;
if (!canChown) console.warn(`config-safety: skipping the ownership tests: chown to uid ${OTHER_UID} needs root.`);

describe('parallel writers', () => {
  it('20 parallel logins into 20 profiles leave 20 profiles', async () => {
    const dir = freshDir();
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => epi(dir, ['auth', 'login', '--with-token', '--profile', `p${i}`], TOKEN)));
    for (const r of runs) expect(r.stderr).toContain('Logged in to organization 739224');
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    const profiles = stored(dir).profiles;
    expect(Object.keys(profiles).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`).sort());
    for (const p of Object.values(profiles)) expect(p.token).toBe(TOKEN);
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
  });

  it('a logout racing logins removes its token for good, and reports only what it removed', async () => {
    const dir = freshDir();
    await epi(dir, ['auth', 'login', '--with-token', '--profile', 'gone'], TOKEN);
    const [logout, ...logins] = await Promise.all([
      epi(dir, ['auth', 'logout', '--profile', 'gone', '--json']),
      ...Array.from({ length: 6 }, (_, i) => epi(dir, ['auth', 'login', '--with-token', '--profile', `q${i}`], TOKEN)),
    ]);
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ removed: ['gone'] });
    expect(logins.map((r) => r.code)).toEqual(Array(6).fill(0));
    const profiles = stored(dir).profiles;
    expect(profiles.gone).toBeUndefined();
    expect(Object.keys(profiles).sort()).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5']);
  });

  it('removes temp files a killed writer left behind on the next write, so logout --all leaves no token on disk', async () => {
    const dir = freshDir();
    await epi(dir, ['auth', 'login', '--with-token'], TOKEN);
    // What atomically leaves when the process is killed between writing the temp file and renaming it.
    const stale = join(dir, 'config.json.tmp-1732550000abc123');
    writeFileSync(stale, JSON.stringify({ profiles: { default: { token: TOKEN } } }), { mode: 0o600 });
    const r = await epi(dir, ['auth', 'logout', '--all']);
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain(TOKEN);
  });
});

describe('profile names', () => {
  it('refuses __proto__ and other names that are not plain words, before anything is sent or stored', async () => {
    for (const name of ['__proto__', '../x', 'a b', '-x', 'x'.repeat(65)]) {
      const dir = freshDir();
      fake.requests.length = 0;
      const r = await epi(dir, ['auth', 'login', '--with-token', '--profile', name], TOKEN);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`Invalid profile name "${name}" (--profile)`);
      expect(r.stderr).not.toContain('Logged in');
      expect(fake.requests).toEqual([]);
      expect(existsSync(join(dir, 'config.json'))).toBe(false);
    }
  });

  it('accepts names such as ci.prod-2 and acme_staging', async () => {
    const dir = freshDir();
    for (const name of ['ci.prod-2', 'acme_staging', 'x'.repeat(64)]) {
      expect((await epi(dir, ['auth', 'login', '--with-token', '--profile', name], TOKEN)).code).toBe(0);
    }
    expect(Object.keys(stored(dir).profiles)).toHaveLength(3);
  });
});

ownership('config owned by someone else (runs as root; chown to uid 4242)', () => {
  const sentNothing = () => expect(fake.requests).toEqual([]);

  function planted(): { dir: string; file: string } {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'config.json');
    // What a planter wants: every request, token included, goes to their server.
    writeFileSync(file, JSON.stringify({ profiles: { default: { user_api_url: fake.env.EPILOT_USER_API_URL! } } }), { mode: 0o600 });
    return { dir, file };
  }

  it('refuses a config file owned by another user before any request, naming the file and the fix', async () => {
    const { dir, file } = planted();
    chownSync(file, OTHER_UID, OTHER_UID);
    fake.requests.length = 0;
    const r = await epi(dir, ['auth', 'login', '--with-token'], TOKEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: Bad owner or permissions on ${file}: owned by uid ${OTHER_UID}, but epi runs as uid 0; fix: \`chown 0 ${file}\` if you trust its contents, else remove it, or set EPI_CONFIG_DIR to a directory you own.\n`);
    sentNothing();
    expect(statSync(file).uid).toBe(OTHER_UID);
  });

  it('refuses a config directory owned by another user, for reads too', async () => {
    const { dir } = planted();
    chownSync(dir, OTHER_UID, OTHER_UID);
    fake.requests.length = 0;
    const r = await runBin(['org', 'current'], { env: { ...fake.env, EPI_CONFIG_DIR: dir, EPILOT_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Bad owner or permissions on ${dir}: owned by uid ${OTHER_UID}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    sentNothing();
  });

  it('follows a symlinked config.json, but refuses a target owned by someone else and never chmods it', async () => {
    const { dir } = planted();
    const elsewhere = mkdtempSync(join(tmpdir(), 'epi-target-'));
    chmodSync(elsewhere, 0o755);
    const target = join(elsewhere, 'epi.json');
    writeFileSync(target, JSON.stringify({ profiles: {} }), { mode: 0o644 });
    chownSync(target, OTHER_UID, OTHER_UID);
    const link = join(dir, 'config.json');
    rmSync(link);
    symlinkSync(target, link);
    fake.requests.length = 0;
    const r = await epi(dir, ['auth', 'login', '--with-token'], TOKEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Bad owner or permissions on ${target}: owned by uid ${OTHER_UID}`);
    sentNothing();
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readFileSync(target, 'utf8')).toBe(JSON.stringify({ profiles: {} }));
  });
});

describe('modes epi can fix itself', () => {
  it('writes through a symlinked config.json of its own to the target, which stays a symlink', async () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o700 });
    const elsewhere = mkdtempSync(join(tmpdir(), 'epi-target-'));
    const target = join(elsewhere, 'epi.json');
    writeFileSync(target, '{}', { mode: 0o600 });
    symlinkSync(target, join(dir, 'config.json'));
    expect((await epi(dir, ['auth', 'login', '--with-token', '--profile', 'linked'], TOKEN)).code).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8')).profiles.linked.token).toBe(TOKEN);
    expect(lstatSync(join(dir, 'config.json')).isSymbolicLink()).toBe(true);
  });

  it('tightens a config directory of its own that others can write to 0700', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = await epi(dir, ['auth', 'login', '--with-token'], TOKEN);
    expect(r.code).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
