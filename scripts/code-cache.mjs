// The V8 code cache of the hot-path chunk that bin/code-cache.js loads (why: see there). V8 writes
// into a code cache only the functions compiled so far, and compiles most of them lazily on first
// call, so the cache is taken at the end of a representative command: `epi org current --json`
// against a loopback server, run by this file in a child process with a clean environment (no
// NODE_OPTIONS: V8 rejects a cache made under other flags).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { cacheDir, load } = require('../bin/code-cache.js');
const ORG = JSON.stringify({ id: '1', name: 'Build', type: 'Vendor', email: 'build@example.com' });

/** Writes dist/code-cache/<this Node>/<chunk>.cache for the chunk (a path under dist/chunks/). */
export async function makeCodeCache(dist, chunk) {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ORG) });
    res.end(ORG);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const home = mkdtempSync(join(tmpdir(), 'epi-code-cache-'));
  const out = join(cacheDir(dist), `${basename(chunk)}.cache`);
  try {
    const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${b64({ alg: 'none' })}.${b64({ 'custom:ivy_org_id': '1', 'custom:ivy_user_id': '1', exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      EPI_CONFIG_DIR: join(home, 'config'),
      XDG_STATE_HOME: join(home, 'state'),
      NO_COLOR: '1',
      EPILOT_TOKEN: token,
      EPILOT_ORGANIZATION_API_URL: `http://127.0.0.1:${server.address().port}`,
      EPI_CODE_CACHE_DIST: dist,
      EPI_CODE_CACHE_CHUNK: basename(chunk),
      EPI_CODE_CACHE_OUT: out,
    };
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'org', 'current', '--json'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the representative run for the code cache failed (exit ${code}): ${stderr}`);
  } finally {
    server.close();
    rmSync(home, { recursive: true, force: true });
  }
  return out;
}

// The child: loads the chunk as bin/code-cache.js does, runs the command, and when the process
// exits (main.js ends it once stdout is flushed) writes the cache, readable by all and writable by the owner only.
if (process.env.EPI_CODE_CACHE_OUT && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { EPI_CODE_CACHE_DIST: dist, EPI_CODE_CACHE_CHUNK: chunk, EPI_CODE_CACHE_OUT: out } = process.env;
  const script = load(dist, chunk, undefined);
  process.on('exit', (code) => {
    if (code !== 0) return;
    mkdirSync(cacheDir(dist), { recursive: true, mode: 0o755 });
    writeFileSync(out, script.createCachedData(), { mode: 0o644 });
  });
  require(join(dist, 'main.js'));
}
