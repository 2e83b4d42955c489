/**
 * `--env local`: the emulator answers inside the epi process. Its state is one JSON file in the
 * config directory; every write is a read-modify-write under a lock (proper-lockfile), so
 * consecutive and parallel commands see each other's changes and none is lost. The file is
 * replaced atomically (temp file + rename), so a reader never sees half a state.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Request, Response, type Fetch } from '../api/fetch-classes.js';
import { createRouter, handle, type EmulatorRequest } from './core.js';
import type { Router } from './router.js';
import { seedState, type Seed } from './seed.js';
import { restoreState, serializeState, type FakeState } from './state.js';

export const STATE_FILE = 'emulator.json';

export const stateFile = (configDir: string): string => join(configDir, STATE_FILE);

/** The saved state, or undefined when there is none yet. A corrupt file is an error, never silently reseeded. */
export function loadState(file: string): FakeState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return restoreState(text);
  } catch (error) {
    throw new Error(`the emulator state ${file} cannot be read (${(error as Error).message}); run \`epi emulator reset\` to start over`);
  }
}

export function saveState(file: string, state: FakeState): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeState(state), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Runs `change` on the state under the state file's lock and saves what it leaves. */
export async function withStateLock<T>(file: string, change: (state: FakeState | undefined) => { state: FakeState; result: T } | Promise<{ state: FakeState; result: T }>): Promise<T> {
  // A CommonJS module: its functions hang off the default export once bundled.
  const { lock } = (await import('proper-lockfile')).default;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // realpath: false locks `<file>.lock` even before the state file exists (the first, seeding use).
  const release = await lock(file, { realpath: false, stale: 10_000, retries: { retries: 200, minTimeout: 10, maxTimeout: 100, factor: 1.2 } });
  try {
    const { state, result } = await change(loadState(file));
    saveState(file, state);
    return result;
  } finally {
    await release();
  }
}

/** Seeds the state file if it does not exist yet; true when it did so. */
export async function ensureSeeded(file: string, seed: Seed = 'demo'): Promise<boolean> {
  if (existsSync(file)) return false;
  return withStateLock(file, (state) => (state ? { state, result: false } : { state: seedState(seed), result: true }));
}

export async function resetState(file: string, seed: Seed): Promise<void> {
  await withStateLock(file, () => ({ state: seedState(seed), result: undefined }));
}

let router: Router | undefined;

/**
 * A fetch that answers from the emulator instead of the network. Reads take no lock (writes
 * replace the file atomically); anything else runs under the lock.
 */
export function localFetch(file: string): Fetch {
  router ??= createRouter();
  const routes = router;
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const emulated: EmulatorRequest = {
      method: request.method,
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      body: request.body ? await request.text() : '',
    };
    const response =
      request.method === 'GET' || request.method === 'HEAD'
        ? await handle(routes, loadState(file) ?? seedState('demo'), emulated)
        : await withStateLock(file, async (state) => {
            const current = state ?? seedState('demo');
            return { state: current, result: await handle(routes, current, emulated) };
          });
    return new Response(response.body === '' || request.method === 'HEAD' ? null : response.body, { status: response.status, headers: response.headers });
  };
}
