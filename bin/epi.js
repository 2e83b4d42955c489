#!/usr/bin/env node
'use strict';
// CommonJS on purpose (see bin/package.json), as is dist/ (scripts/commonjs.mjs): Node's ES module
// loader alone costs about a third of Node's own start-up. `epi`, `epi --help` and `epi --version`
// answer before any of dist/ loads; the help text is rendered from the real command tree at build
// time (scripts/build.mjs).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
let answered = false;
try {
  // Bare `epi` prints the same help, on stdout with exit 0, as gh does.
  if (args.length === 0 || only === '--help' || only === '-h') {
    process.stdout.write(readFileSync(join(__dirname, '..', 'dist', 'help.txt'), 'utf8'));
    answered = true;
  } else if (only === '--version' || only === '-v') {
    process.stdout.write(`${require('../package.json').version}\n`);
    answered = true;
  }
} catch {
  // Not built with help.txt: the full CLI below answers instead.
}
if (!answered) {
  // Node 22.1+ keeps compiled code of epi's modules between runs (a no-op on Node 20); the hot-path
  // chunk comes from the code cache the build made for this Node, if there is one (code-cache.js).
  require('node:module').enableCompileCache?.();
  const dist = join(__dirname, '..', 'dist');
  require('./code-cache.js').preload(dist);
  require(join(dist, 'main.js'));
}
