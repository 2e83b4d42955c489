/**
 * Which API operations have a first-class command, and which only `epi api` reaches. The list in
 * the README (between the api-only markers) is derived here from the code; when it drifts, run
 *   UPDATE_README=1 npx vitest run --project unit test/commands/api-coverage.test.ts
 * to rewrite it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Http, Method, RequestOptions } from '../../src/api/types.js';
import { serviceForPath } from '../../src/commands/api/services.js';
import type { Service } from '../../src/config/env.js';
import { SPECS, templateRegex, UNPUBLISHED } from '../helpers/contract.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = join(ROOT, 'README.md');
const BEGIN = '<!-- api-only:begin -->';
const END = '<!-- api-only:end -->';
const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

interface SpecOperation {
  service: Service;
  method: string;
  template: string;
}

/** Every operation of the six APIs: the published package specs plus the ones they still lack. */
function specOperations(): SpecOperation[] {
  const ops: SpecOperation[] = [];
  for (const [service, { doc }] of Object.entries(SPECS) as Array<[Service, (typeof SPECS)[Service]]>) {
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).filter((m) => HTTP_METHODS.includes(m))) ops.push({ service, method: method.toUpperCase(), template });
    }
  }
  for (const [key, service] of Object.entries(UNPUBLISHED)) {
    const [method, template] = key.split(' ') as [string, string];
    ops.push({ service: service as Service, method, template });
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

interface Call {
  fn: string;
  file: string;
  service: Service;
  method: Method;
  path: string;
}

/** Calls every exported function of src/api with a recording client, to learn the request each one makes. */
async function apiCalls(): Promise<Call[]> {
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
function operationOf(ops: SpecOperation[], call: Call): SpecOperation | undefined {
  const params = (t: string) => (t.match(/\{/g) ?? []).length;
  return ops
    .filter((op) => op.service === call.service && op.method === call.method && templateRegex(op.template).test(call.path))
    .sort((a, b) => params(a.template) - params(b.template))[0];
}

const label = (op: SpecOperation) => `${op.method} ${op.template}`;

function readmeList(): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return [];
  return text.slice(start + BEGIN.length, end).split('\n').filter((l) => l.startsWith('- '));
}

function writeReadmeList(lines: string[]): void {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  writeFileSync(README, `${text.slice(0, start + BEGIN.length)}\n${lines.join('\n')}\n${text.slice(end)}`);
}

describe('API coverage', async () => {
  const ops = specOperations();
  const calls = await apiCalls();
  const sources = commandSources();
  const used = calls.filter((c) => new RegExp(`\\b${c.fn}\\b`).test(sources));
  const covered = new Set(used.map((c) => operationOf(ops, c)).filter((op) => op !== undefined).map(label));
  const apiOnly = ops.filter((op) => !covered.has(label(op)));

  it('knows all 89 operations of the six APIs', () => {
    expect(new Set(ops.map(label)).size).toBe(89);
  });

  it('epi api picks the right host for every operation', () => {
    expect(ops.filter((op) => serviceForPath(op.template) !== op.service).map(label)).toEqual([]);
  });

  it('every request of src/api is an operation of the specs', () => {
    expect(calls.filter((c) => !operationOf(ops, c)).map((c) => `${c.file} ${c.fn}: ${c.method} ${c.path}`)).toEqual([]);
  });

  it('the README lists exactly the operations only epi api reaches', () => {
    const expected = apiOnly
      .sort((a, b) => a.service.localeCompare(b.service) || a.template.localeCompare(b.template) || a.method.localeCompare(b.method))
      .map((op) => `- \`${label(op)}\` (${op.service})`);
    if (process.env.UPDATE_README) writeReadmeList(expected);
    expect(readmeList(), 'README api-only list is stale: rerun this test with UPDATE_README=1').toEqual(expected);
  });
});
