import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type jqWeb from 'jq-web';
import { EpiError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';

/**
 * Where jq-web's glue (jq.cjs) and its wasm sit side by side, as the glue expects. The build ships
 * the glue as it is and the 2.8 MB jq.wasm brotli-compressed (0.8 MB) in dist/jq/, which keeps the
 * install under its size budget; the first --jq unpacks it once into the user's cache. Running from
 * the sources (tests), jq-web is used from node_modules as it is.
 */
function engineDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const shipped = [join(here, 'jq'), join(here, '..', 'jq')].find((d) => existsSync(join(d, 'jq.wasm.br')));
  if (!shipped) return dirname(createRequire(import.meta.url).resolve('jq-web'));
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'epi', `jq-${VERSION}`);
  if (existsSync(join(cache, 'jq.wasm'))) return cache;
  mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
  // Unpacked into a fresh directory and renamed into place, so a parallel run never sees half a file.
  const tmp = mkdtempSync(`${cache}.tmp-`);
  writeFileSync(join(tmp, 'jq.cjs'), readFileSync(join(shipped, 'jq.cjs')));
  const { brotliDecompressSync } = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  writeFileSync(join(tmp, 'jq.wasm'), brotliDecompressSync(readFileSync(join(shipped, 'jq.wasm.br'))));
  try {
    renameSync(tmp, cache);
  } catch {
    // Another epi unpacked it first: use theirs.
    rmSync(tmp, { recursive: true, force: true });
  }
  return cache;
}

/**
 * --jq runs real jq: jq-web, jq 1.7 compiled to WebAssembly, which reads its input as a file and
 * reports jq's exit status (3 for a compile error). It is loaded only when --jq is given, so no
 * other command pays for it.
 */
async function jq(input: string, expr: string, flags: string[]): Promise<string> {
  // Its CommonJS exports are a promise, which import() would mistake for the module namespace's
  // own then(); require() hands the promise over as it is.
  const dir = engineDir();
  const engine = await (createRequire(join(dir, 'x.js'))(join(dir, existsSync(join(dir, 'jq.cjs')) ? 'jq.cjs' : 'jq.js')) as typeof jqWeb);
  // jq's exit status lands in process.exitCode; epi sets its own, so keep whatever was there.
  const exitCode = process.exitCode;
  try {
    return engine.raw(input, expr, flags);
  } catch (error) {
    throw new JqError(error);
  } finally {
    process.exitCode = exitCode;
  }
}

class JqError extends Error {
  readonly compile: boolean;
  constructor(error: unknown) {
    const e = error as { stderr?: unknown; exitCode?: unknown; message?: unknown };
    super(String(e.stderr ?? e.message ?? error).trim());
    this.compile = e.exitCode === 3;
  }
}

/**
 * Fails with jq's own message (exit 2) when the expression does not compile. Run before any
 * request, so a typo does not wait for every page to be fetched. The expression is compiled inside
 * a branch that never runs, so nothing in it is evaluated here.
 */
export async function checkJq(expr: string): Promise<void> {
  try {
    await jq('null', `if false then (${expr}\n) else empty end`, ['-n']);
  } catch {
    // The wrapper's message would quote the wrapper, so jq's own message comes from the expression
    // alone; it only runs when it compiles, which the wrapper says it does not.
    try {
      await jq('null', expr, ['-n']);
    } catch (error) {
      if (error instanceof JqError && error.compile) throw usage(error);
    }
  }
}

/** Runs the expression over JSON text (one or more values); strings come out raw, as with `jq -r`. */
export async function runJq(expr: string, input: string): Promise<string> {
  try {
    return await jq(input, expr, ['-r']);
  } catch (error) {
    if (error instanceof JqError && error.compile) throw usage(error);
    throw new EpiError(`--jq: ${(error as Error).message}`);
  }
}

function usage(error: JqError): UsageError {
  return new UsageError(`--jq: ${error.message}`, { hint: 'See https://jqlang.org/manual for the jq language.' });
}
