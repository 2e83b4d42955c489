/**
 * @epilot/partner-directory-client ships only a stub spec (paths and methods, no schemas), but full
 * TypeScript types. The request-body schemas are derived from those types with
 * typescript-json-schema, so partner-directory bodies are checked like the other APIs' bodies.
 * Deriving takes seconds, so the result is cached per package version under node_modules/.cache.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface DerivedSchemas {
  definitions: Record<string, unknown>;
}

/** The JSON-schema name of an operation's request body: `Paths.CreatePartnerRole.RequestBody`. */
export const bodyTypeName = (operationId: string) => `Paths.${operationId[0]!.toUpperCase()}${operationId.slice(1)}.RequestBody`;

export function partnerBodySchemas(): DerivedSchemas {
  const types = require.resolve('@epilot/partner-directory-client/dist/openapi.d.ts');
  const { version } = JSON.parse(readFileSync(join(dirname(types), '..', 'package.json'), 'utf8')) as { version: string };
  const cache = join(dirname(require.resolve('typescript-json-schema')), '..', '..', '.cache', 'epi-contract', `partner-directory-${version}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8')) as DerivedSchemas;
  } catch {
    // Not derived yet for this version.
  }
  const TJS = require('typescript-json-schema') as typeof import('typescript-json-schema');
  const program = TJS.getProgramFromFiles([types], { skipLibCheck: true, strictNullChecks: true });
  const generator = TJS.buildGenerator(program, { required: true, ref: true, topRef: false, ignoreErrors: true });
  if (!generator) throw new Error(`could not read the types in ${types}`);
  const names = generator.getUserSymbols().filter((n) => /^Paths\.\w+\.RequestBody$/.test(n));
  const schemas = generator.getSchemaForSymbols(names) as DerivedSchemas;
  // Test workers may derive at the same time: each writes its own file and renames it into place.
  mkdirSync(dirname(cache), { recursive: true });
  const tmp = `${cache}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(schemas));
  renameSync(tmp, cache);
  return schemas;
}
