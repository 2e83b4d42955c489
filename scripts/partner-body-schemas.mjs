// @epilot/partner-directory-client ships only a stub spec (paths and methods, no schemas), but full
// TypeScript types. The request-body schemas are derived from those types with
// typescript-json-schema at build time (a devDependency, and seconds of work), and reach the
// emulator's checker as the module `virtual:partner-body-schemas`: esbuild bundles it into the
// emulator's chunk, vitest serves it to the tests. The result is cached per package version under
// node_modules/.cache.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const PARTNER_BODY_SCHEMAS = 'virtual:partner-body-schemas';

export function partnerBodySchemas() {
  const types = require.resolve('@epilot/partner-directory-client/dist/openapi.d.ts');
  const { version } = JSON.parse(readFileSync(join(dirname(types), '..', 'package.json'), 'utf8'));
  const cache = join(dirname(require.resolve('typescript-json-schema')), '..', '..', '.cache', 'epi-contract', `partner-directory-${version}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8'));
  } catch {
    // Not derived yet for this version.
  }
  const TJS = require('typescript-json-schema');
  const program = TJS.getProgramFromFiles([types], { skipLibCheck: true, strictNullChecks: true });
  const generator = TJS.buildGenerator(program, { required: true, ref: true, topRef: false, ignoreErrors: true });
  if (!generator) throw new Error(`could not read the types in ${types}`);
  const names = generator.getUserSymbols().filter((n) => /^Paths\.\w+\.RequestBody$/.test(n));
  const schemas = generator.getSchemaForSymbols(names);
  // Test workers may derive at the same time: each writes its own file and renames it into place.
  mkdirSync(dirname(cache), { recursive: true });
  const tmp = `${cache}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(schemas));
  renameSync(tmp, cache);
  return schemas;
}

/** The module for esbuild (scripts/build.mjs). */
export const esbuildPartnerSchemas = {
  name: 'partner-body-schemas',
  setup(build) {
    build.onResolve({ filter: /^virtual:partner-body-schemas$/ }, (args) => ({ path: args.path, namespace: 'partner-body-schemas' }));
    build.onLoad({ filter: /.*/, namespace: 'partner-body-schemas' }, () => ({ contents: JSON.stringify(partnerBodySchemas()), loader: 'json' }));
  },
};

/** The same module for vite (vitest.config.ts). */
export const vitePartnerSchemas = {
  name: 'partner-body-schemas',
  resolveId: (id) => (id === PARTNER_BODY_SCHEMAS ? `\0${PARTNER_BODY_SCHEMAS}` : undefined),
  load: (id) => (id === `\0${PARTNER_BODY_SCHEMAS}` ? `export default ${JSON.stringify(partnerBodySchemas())};` : undefined),
};
