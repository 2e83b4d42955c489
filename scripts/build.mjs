// Bundles src/ into dist/ with esbuild. One bundle keeps start-up fast: Node resolves and reads a
// handful of files instead of hundreds. Heavy modules (ky, conf, inquirer, cli-table3) sit behind
// dynamic import() and land in their own chunks, so `epi --help` never loads them.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.12',
  minifySyntax: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __EPI_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __epiCreateRequire } from 'node:module'; const require = __epiCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
