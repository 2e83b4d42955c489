// dist/ is CommonJS. esbuild splits code into chunks only in ES module format, so the build splits
// first and then rewrites each file to CommonJS with esbuild's own transform: imports become
// require() calls (a dynamic import() becomes a require() inside a promise), exports keep their
// live bindings as getters. Why: on Node 20 the ES module loader (resolving, linking, compiling
// each module in full where a CommonJS wrapper compiles lazily) made `epi org current` 1.75x the
// node:http floor against 1.5x as CommonJS, and only a classic script can be compiled from a V8
// code cache there.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

// jq.ts finds jq's engine next to its own file.
const META_URL = '__epiImportMetaUrl';

/** Rewrites every .js file under dir (recursively) from ES module to CommonJS. */
export function toCommonJS(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) toCommonJS(file);
    else if (entry.name.endsWith('.js')) writeFileSync(file, convert(readFileSync(file, 'utf8'), file));
  }
  // The package is "type": "module"; its dist/ is not.
  writeFileSync(join(dir, 'package.json'), '{\n  "type": "commonjs"\n}\n');
}

function convert(source, file) {
  const { code, warnings } = transformSync(source, {
    loader: 'js',
    format: 'cjs',
    platform: 'node',
    target: 'node20.12',
    define: { 'import.meta.url': META_URL },
    supported: { 'dynamic-import': false },
    sourcefile: file,
    logLevel: 'silent',
  });
  if (warnings.length) throw new Error(`${file}: ${warnings.map((w) => w.text).join('; ')}`);
  // ES modules are strict mode code; the same code as CommonJS stays so.
  const meta = code.includes(META_URL) ? `var ${META_URL} = require("node:url").pathToFileURL(__filename).href;\n` : '';
  return `"use strict";\n${meta}${code}`;
}
