// Bundles src/ into dist/ with esbuild. One bundle keeps start-up fast: Node resolves and reads a
// handful of files instead of hundreds. Heavy modules (the config lock and writer, inquirer, cli-table3, the emulator) sit
// behind dynamic import() and land in their own chunks; what every API command runs is one chunk (scripts/hot-path.mjs).
// The chunks are then rewritten as CommonJS (scripts/commonjs.mjs) and the hot-path chunk gets a V8
// code cache for the Node that builds (scripts/code-cache.mjs). `epi --help` and `--version` load
// none of it (bin/epi.js).
import { build } from 'esbuild';
import { makeCodeCache } from './code-cache.mjs';
import { toCommonJS } from './commonjs.mjs';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { esbuildHotPath } from './hot-path.mjs';
import { esbuildKyFetchClasses } from './ky-fetch-classes.mjs';
import { esbuildPartnerSchemas } from './partner-body-schemas.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const { metafile } = await build({
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
  // jq-web (--jq) finds its jq.wasm next to itself: it is shipped in dist/jq/ below, not bundled.
  external: ['jq-web'],
  // The emulator's checker imports the partner API's request-body schemas, derived from its types here;
  // ky gets epi's fetch classes instead of Node's (undici); the modules every API command runs share one chunk.
  plugins: [esbuildHotPath, esbuildPartnerSchemas, esbuildKyFetchClasses],
  logLevel: 'warning',
  metafile: true,
});
toCommonJS('dist');

// --jq's engine, so the published package needs no jq-web: its glue as it ships, its licence, and
// its 2.8 MB jq.wasm brotli-compressed to about 0.8 MB (src/output/jq.ts unpacks it on first use).
const jqWeb = dirname(createRequire(import.meta.url).resolve('jq-web'));
mkdirSync('dist/jq', { recursive: true });
copyFileSync(join(jqWeb, 'jq.js'), 'dist/jq/jq.cjs');
copyFileSync(join(jqWeb, 'LICENSE'), 'dist/jq/LICENSE');
writeFileSync('dist/jq/jq.wasm.br', brotliCompressSync(readFileSync(join(jqWeb, 'jq.wasm')), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));

// The root help, rendered once by the real command tree (piped, so at commander's 80 columns),
// lets `epi --help` skip loading commander and the command list. Every other help is live.
const help = execFileSync(process.execPath, ['bin/epi.js', 'help'], { env: { PATH: process.env.PATH }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
writeFileSync(new URL('../dist/help.txt', import.meta.url), help);

// The hot-path chunk (the one with src/cli.ts, src/hot-path.ts has no code of its own) gets the
// code cache of a representative command. A build that cannot run one (no loopback network, say)
// still works, only without the cache.
const hotPath = Object.entries(metafile.outputs).find(([, o]) => 'src/cli.ts' in o.inputs)?.[0];
if (!hotPath) throw new Error('no chunk holds src/cli.ts');
try {
  await makeCodeCache(join(process.cwd(), 'dist'), join(process.cwd(), hotPath));
} catch (error) {
  process.stderr.write(`warning: no code cache for ${relative('dist', hotPath)}: ${error.message}\n`);
}
