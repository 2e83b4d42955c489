/**
 * Runs the built binary (bin/epi.js) as a child process, with a clean environment: nothing from
 * the developer's shell (tokens, profiles, CI) leaks in, and config lives in a temp directory.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/epi.js', import.meta.url));

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runBin(args: string[], options: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<BinResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  // Bulk journals go next to the test's config, never into the developer's ~/.local/state.
  if (env.EPI_CONFIG_DIR && !env.XDG_STATE_HOME) env.XDG_STATE_HOME = `${env.EPI_CONFIG_DIR}/state`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started };
      const leak = leakedToken(args, env, options.input, result);
      if (leak) reject(new Error(leak));
      else resolve(result);
    });
    // A command that never reads stdin may exit before the input is written: that EPIPE is not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Every e2e run doubles as a check that the token never reaches stdout or stderr: the one in
 * EPILOT_TOKEN and the one piped to `auth login --with-token`. Only `epi auth token` prints it,
 * on purpose.
 */
function leakedToken(args: string[], env: Record<string, string>, input: string | undefined, result: BinResult): string | undefined {
  if (args.some((a, i) => a === 'auth' && args[i + 1] === 'token')) return undefined;
  const tokens = [env.EPILOT_TOKEN, args.includes('--with-token') ? input?.trim() : undefined].filter((t): t is string => !!t && t.length >= 20);
  for (const token of tokens) {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (result[stream].includes(token)) return `epi ${args.join(' ')} printed the token on ${stream}:\n${result[stream]}`;
    }
  }
  return undefined;
}
