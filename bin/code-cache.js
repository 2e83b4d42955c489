'use strict';
// Node 20 keeps no compiled code between runs (module.enableCompileCache came in 22.1), so every
// `epi` would parse and compile its 270 KB hot-path chunk (commander, ky, the HTTP layer, the
// context and printer) afresh: about a third of an `epi org current`. The build therefore runs one
// representative command and keeps V8's code cache of that chunk, functions compiled on the way
// included (scripts/code-cache.mjs), under dist/code-cache/<node version>-<arch>/, since V8 accepts
// only a cache that its own version made. The chunk is compiled from it here and put in require's
// cache, so dist/main.js and every later chunk that requires it get this very module. Without a
// cache for this Node, nothing happens and require() loads the chunk as usual (Node 22+ then uses
// its own compile cache); a cache V8 rejects (other V8 flags) costs the compile it would have anyway.
// Nothing is written at run time.
const { readdirSync, readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** The directory of code caches this Node can use. */
const cacheDir = (dist) => join(dist, 'code-cache', `${process.version}-${process.arch}`);

/**
 * Compiles dist/chunks/<name> (from cachedData when given) and runs it as the CommonJS module
 * require() would make of it. Returns the script, whose createCachedData() the build uses.
 */
function load(dist, name, cachedData) {
  const filename = require.resolve(join(dist, 'chunks', name));
  const source = readFileSync(filename, 'utf8');
  // The function require() wraps a CommonJS module in.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, { filename, cachedData });
  const mod = new Module(filename, module);
  mod.filename = filename;
  require.cache[filename] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, dirname(filename));
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
  mod.loaded = true;
  return script;
}

/**
 * Loads the chunks the build left a code cache for, for this Node. Returns what happened:
 * 'absent' (no cache for this Node: nothing loaded), 'used', or 'rejected' (loaded without it).
 */
function preload(dist) {
  const dir = cacheDir(dist);
  let names;
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.cache')).sort();
  } catch {
    return 'absent';
  }
  let status = 'absent';
  for (const name of names) {
    const script = load(dist, name.slice(0, -'.cache'.length), readFileSync(join(dir, name)));
    status = script.cachedDataRejected || status === 'rejected' ? 'rejected' : 'used';
  }
  return status;
}

module.exports = { cacheDir, load, preload };
