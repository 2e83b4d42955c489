// ky reads Request, Response, Headers, FormData and ReadableStream from globalThis. On Node 20 the
// first such read loads all of undici (start-up) and undici's Request keeps signalled requests
// alive until a full collection (bulk memory). ky's modules are given epi's own classes instead
// (src/api/fetch-classes.ts): esbuild's `define` rewrites those names where they are free, so
// nothing else in ky changes and the globals stay Node's. esbuild bundles ky so; vitest, which
// would otherwise load ky from node_modules untouched, gets the same source (server.deps.inline).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const CLASSES = fileURLToPath(new URL('../src/api/fetch-classes.ts', import.meta.url));
const KY_FILE = /[\\/]node_modules[\\/]ky[\\/].*\.js$/;
const NAMESPACE = '__epiFetchClasses';

const define = {};
for (const name of ['Request', 'Response', 'Headers', 'FormData']) {
  define[name] = `${NAMESPACE}.${name}`;
  define[`globalThis.${name}`] = `${NAMESPACE}.${name}`;
}
// ky wants web streams only for upload and download progress, which epi does not use; without
// this its feature probe would load Node's web streams at start-up.
define['globalThis.ReadableStream'] = 'undefined';

/** A ky module's source with the fetch classes taken from epi's module. */
export function withFetchClasses(source) {
  const { code } = transformSync(source, { loader: 'js', format: 'esm', define, sourcemap: false, logLevel: 'error' });
  return `import * as ${NAMESPACE} from ${JSON.stringify(CLASSES)};\n${code}`;
}

/** For esbuild (scripts/build.mjs). */
export const esbuildKyFetchClasses = {
  name: 'ky-fetch-classes',
  setup(build) {
    build.onLoad({ filter: KY_FILE }, (args) => ({ contents: withFetchClasses(readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};

/** For vite (vitest.config.ts). */
export const viteKyFetchClasses = {
  name: 'ky-fetch-classes',
  transform: (code, id) => (KY_FILE.test(id.split('?')[0]) ? { code: withFetchClasses(code), map: null } : undefined),
};
