/**
 * The operations of the six APIs and the ones epi's commands use, derived from the code: the
 * README's api-only list (test/commands/api-coverage.test.ts) and the emulator's coverage
 * (test/emulator/coverage.test.ts) both come from here, so neither is kept by hand.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Http, Method, RequestOptions } from '../../src/api/types.js';
import type { Service } from '../../src/config/env.js';
import { SPECS, templateRegex, UNPUBLISHED } from './contract.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const README = join(ROOT, 'README.md');
const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

export interface SpecOperation {
  service: Service;
  method: string;
  template: string;
}

export const label = (op: { method: string; template: string }) => `${op.method} ${op.template}`;

/** Every operation of the six APIs: the published package specs plus the ones they still lack. */
export function specOperations(): SpecOperation[] {
  const ops: SpecOperation[] = [];
  for (const [service, { doc }] of Object.entries(SPECS) as Array<[Service, (typeof SPECS)[Service]]>) {
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).filter((m) => HTTP_METHODS.includes(m))) ops.push({ service, method: method.toUpperCase(), template });
    }
  }
  for (const [key, service] of Object.entries(UNPUBLISHED)) {
    const [method, template] = key.split(' ') as [string, string];
    ops.push({ service, method, template });
  }
  return ops;
}

/**
 * A stand-in for every argument of an API function: a string ("x") where one is needed, and
 * anything else (an object to spread, an array to join) otherwise.
 */
const anything: unknown = new Proxy(function () {}, {
  get: (_target, prop) => (prop === Symbol.toPrimitive ? () => 'x' : prop === 'then' ? undefined : anything),
  apply: () => anything,
});

export interface Call {
  fn: string;
  file: string;
  service: Service;
  method: Method;
  path: string;
}

/** Calls every exported function of src/api with a recording client, to learn the request each one makes. */
export async function apiCalls(): Promise<Call[]> {
  const calls: Call[] = [];
  const dir = join(ROOT, 'src/api');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !['http.ts', 'types.ts', 'shape.ts'].includes(f))) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    for (const [fn, value] of Object.entries(mod)) {
      if (typeof value !== 'function') continue;
      const record = (service: Service, method: Method, path: string, _opts?: RequestOptions) => {
        calls.push({ fn, file, service, method, path: path.split('?')[0]! });
        return Promise.resolve(undefined as never);
      };
      const http: Http = { read: record as never, change: record as never, send: record as never, plan: record as never, limits: record as never };
      try {
        await (value as (...args: unknown[]) => unknown)(http, ...Array.from({ length: 6 }, () => anything));
      } catch {
        // Not an API call (a helper or a validator): it makes no request.
      }
    }
  }
  return calls;
}

/** Files under src/commands (except epi api itself, which reaches everything) and the resolvers the commands share. */
function commandSources(): string {
  return ['src/commands', 'src/resolve']
    .flatMap((sub) => {
      const dir = join(ROOT, sub);
      return (readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts') && f !== 'api.ts' && !f.startsWith('api/'))
        .map((f) => readFileSync(join(dir, f), 'utf8'));
    })
    .join('\n');
}

/** The operation a request is for; literal paths win over templated ones (/v2/users/me before /v2/users/{id}). */
export function operationOf(ops: SpecOperation[], call: Call): SpecOperation | undefined {
  const params = (t: string) => (t.match(/\{/g) ?? []).length;
  return ops
    .filter((op) => op.service === call.service && op.method === call.method && templateRegex(op.template).test(call.path))
    .sort((a, b) => params(a.template) - params(b.template))[0];
}

/** The operations some command of epi sends (by label). */
export async function commandOperations(ops: SpecOperation[]): Promise<{ calls: Call[]; used: Set<string> }> {
  const calls = await apiCalls();
  const sources = commandSources();
  const used = new Set(
    calls
      .filter((c) => new RegExp(`\\b${c.fn}\\b`).test(sources))
      .map((c) => operationOf(ops, c))
      .filter((op) => op !== undefined)
      .map(label),
  );
  return { calls, used };
}

export const sortOperations = (ops: SpecOperation[]) =>
  [...ops].sort((a, b) => a.service.localeCompare(b.service) || a.template.localeCompare(b.template) || a.method.localeCompare(b.method));

/** The `- ` lines of the README between `<!-- name:begin -->` and `<!-- name:end -->`. */
export function readmeList(name: string): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(`<!-- ${name}:begin -->`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) return [];
  return text.slice(start, end).split('\n').filter((l) => l.startsWith('- '));
}

export function writeReadmeList(name: string, lines: string[]): void {
  const text = readFileSync(README, 'utf8');
  const begin = `<!-- ${name}:begin -->`;
  const start = text.indexOf(begin);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  writeFileSync(README, `${text.slice(0, start + begin.length)}\n${lines.join('\n')}\n${text.slice(end)}`);
}
