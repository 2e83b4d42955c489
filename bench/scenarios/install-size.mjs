// What a user downloads: `npm pack` of epi installed with its production dependencies, next to
// the official @epilot/cli installed the same way.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../lib.mjs';

/** Bytes of every file under node_modules, and how many packages it holds (as npm counts them). */
function measure(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        bytes += statSync(p).size;
        if (/node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/.test(p)) packages++;
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return { mb: bytes / 1e6, packages };
}

async function install(spec, log) {
  const dir = mkdtempSync(join(tmpdir(), 'epi-size-'));
  // npm needs the machine's own environment (CA certificates, registry settings) to download.
  const r = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, spec], { env: process.env });
  if (r.code !== 0) {
    log(`npm install ${spec} failed: ${r.stderr.slice(0, 300)}`);
    return undefined;
  }
  return measure(dir);
}

export default async function installSize({ root, log }) {
  const packDir = mkdtempSync(join(tmpdir(), 'epi-pack-'));
  const packed = await run('npm', ['pack', '--pack-destination', packDir, root], { env: { ...process.env, npm_config_loglevel: 'error' } });
  const tarball = join(packDir, packed.stdout.trim().split('\n').at(-1));
  const tarMb = statSync(tarball).size / 1e6;
  log('Installing epi and @epilot/cli with production dependencies to measure them');
  const epi = await install(tarball, log);
  const { version } = JSON.parse((await run('npm', ['ls', '@epilot/cli', '--json', '--prefix', root], { env: process.env })).stdout).dependencies?.['@epilot/cli'] ?? {};
  const official = await install(`@epilot/cli@${version ?? 'latest'}`, log);
  return {
    title: 'Install size (production dependencies)',
    rows: [
      { name: 'epi npm pack tarball', value: tarMb, unit: 'MB' },
      // Everything epi runs is bundled in dist/ (jq's wasm and the emulator included), so this is the whole install.
      { name: 'epi installed (with prod deps)', value: epi?.mb, unit: 'MB', target: 4 },
      { name: 'epi packages installed', value: epi?.packages, unit: 'packages', target: 1 },
      { name: `official @epilot/cli ${version ?? ''} installed`, value: official?.mb, unit: 'MB' },
      { name: 'official @epilot/cli packages installed', value: official?.packages, unit: 'packages' },
    ],
  };
}
