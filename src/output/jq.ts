import { createRequire } from 'node:module';
import type jqWeb from 'jq-web';
import { EpiError, UsageError } from '../errors.js';

/**
 * --jq runs real jq: jq-web, jq 1.7 compiled to WebAssembly, which reads its input as a file and
 * reports jq's exit status (3 for a compile error). It is loaded only when --jq is given, from
 * node_modules rather than the bundle (it finds its 2.8 MB jq.wasm next to itself), so no other
 * command pays for it.
 */
async function jq(input: string, expr: string, flags: string[]): Promise<string> {
  // Its CommonJS exports are a promise, which import() would mistake for the module namespace's
  // own then(); require() hands the promise over as it is.
  const engine = await (createRequire(import.meta.url)('jq-web') as typeof jqWeb);
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
