/**
 * The V8 code cache of the hot-path chunk (bin/code-cache.js, made by scripts/code-cache.mjs): the
 * build leaves one for the Node that built it, epi compiles the chunk from it, and a cache V8
 * rejects or none at all changes nothing but the time, which is not asserted here.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { makeToken } from '../helpers/token.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'epi-e2e-code-cache-'));
const cacheDir = (tree: string) => join(tree, 'dist', 'code-cache', `${process.version}-${process.arch}`);

/** A copy of a built package (bin/, dist/, package.json) to break the cache of. */
function copyOfBuild(name: string, from = built): string {
  const tree = join(dir, name);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(from, part), join(tree, part), { recursive: true });
  return tree;
}

/**
 * The build, when it made its cache with this Node; else a copy with a cache made now, by the
 * build's own script: CI runs this suite on Node 22 and 24 over a dist/ that Node 20 built.
 */
let built = root;
async function buildForThisNode(): Promise<void> {
  if (existsSync(cacheDir(root))) return;
  const caches = join(root, 'dist', 'code-cache');
  const [madeBy] = readdirSync(caches);
  const [file] = readdirSync(join(caches, madeBy!));
  const chunk = file!.slice(0, -'.cache'.length);
  const tree = copyOfBuild('this-node', root);
  rmSync(join(tree, 'dist', 'code-cache'), { recursive: true });
  const script = '../../scripts/code-cache.mjs';
  const { makeCodeCache } = (await import(script)) as { makeCodeCache: (dist: string, chunk: string) => Promise<string> };
  await makeCodeCache(join(tree, 'dist'), join(tree, 'dist', 'chunks', chunk));
  built = tree;
}

/** What bin/code-cache.js reports loading the tree's dist/ in a fresh Node: absent, used or rejected. */
const preload = (tree: string) =>
  execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(join(tree, 'bin', 'code-cache.js'))}).preload(${JSON.stringify(join(tree, 'dist'))}))`], { encoding: 'utf8' });

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
  await buildForThisNode();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

let runs = 0;
/** Not execFileSync: the fake server answers from this process's event loop. */
async function epi(tree: string, args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(tree, 'bin', 'epi.js'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', EPI_CONFIG_DIR: join(dir, `config-${++runs}`), ...fake.env, EPILOT_TOKEN: makeToken() },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the code cache of the hot-path chunk', () => {
  it('is built for this Node, readable by all, writable by its owner only, and used', () => {
    const files = readdirSync(cacheDir(built));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^chunk-\w+\.js\.cache$/);
    expect(statSync(join(cacheDir(built), files[0]!)).mode & 0o022).toBe(0);
    expect(preload(built)).toBe('used');
  });

  it('is ignored when V8 rejects it, and when there is none: every command works as before', async () => {
    const expected = await epi(built, ['org', 'current', '--json']);
    expect(expected.code).toBe(0);
    const usage = await epi(built, ['org', 'current', '--bogus', '--json']);
    expect(usage.code).toBe(2);

    const rejected = copyOfBuild('rejected');
    const [file] = readdirSync(cacheDir(rejected));
    const cache = readFileSync(join(cacheDir(rejected), file!));
    cache.fill(0, 0, 16); // V8 checks the header: another magic number and version
    writeFileSync(join(cacheDir(rejected), file!), cache);
    expect(preload(rejected)).toBe('rejected');

    const absent = copyOfBuild('absent');
    rmSync(join(absent, 'dist', 'code-cache'), { recursive: true });
    expect(preload(absent)).toBe('absent');

    for (const tree of [rejected, absent]) {
      expect(await epi(tree, ['org', 'current', '--json'])).toEqual(expected);
      expect(await epi(tree, ['org', 'current', '--bogus', '--json'])).toEqual(usage);
    }
  });
});
