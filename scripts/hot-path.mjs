// One chunk for the modules on every API command's path (src/hot-path.ts). esbuild's code
// splitting puts each module in the chunk of the exact set of entry points (main.js and every
// import() target) that reach it, so modules shared by different sets of lazily loaded commands
// end up in dozens of small chunks, each a file for Node to resolve, read and link. When main.ts
// and every import() target under src/ import src/hot-path.ts, all of its modules are reached by
// every entry point alike and land in one chunk. An import() of a module under src/ is sent
// through a small wrapper that imports the hub and re-exports the module, so no source file has
// to remember the import.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const HUB = resolve(SRC, 'hot-path.ts');

export const esbuildHotPath = {
  name: 'hot-path',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.startsWith(SRC)) return undefined;
      const target = resolve(dirname(args.importer), args.path.replace(/\.js$/, '.ts'));
      return existsSync(target) ? { path: target, namespace: 'hot-path' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'hot-path' }, (args) => {
      const module = JSON.stringify(args.path);
      // `export *` leaves out the default export; the commands' modules have one.
      const hasDefault = /^export default |^export \{[^}]*\bas default\b/m.test(readFileSync(args.path, 'utf8'));
      return {
        contents: `import ${JSON.stringify(HUB)};\nexport * from ${module};\n${hasDefault ? `export { default } from ${module};\n` : ''}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};
