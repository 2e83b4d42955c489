// Start-up and one request, on the same loopback server, on Node 20 and Node 24:
// - epi against the physical floor (a bare node:http script), the fetch floor and the official
//   @epilot/cli, over http and over https (a self-signed certificate trusted through
//   NODE_EXTRA_CA_CERTS, as an admin behind a corporate CA would run it);
// - `epi --help` against bare `node -e 0`.
// Wall time and CPU time (user + sys) are both reported: wall time on a shared machine is noisy.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchToken, compare, nodeBinary, peakRssMb, run } from '../lib.mjs';

/** A self-signed certificate for 127.0.0.1, made once with openssl and cached. */
async function certificate(root, log) {
  const dir = join(root, 'bench', '.cache', 'tls');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  mkdirSync(dir, { recursive: true });
  const r = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert]);
  if (r.code !== 0) {
    log(`openssl could not make a certificate; skipping the https variant: ${r.stderr.slice(0, 200)}`);
    return undefined;
  }
  return { cert, key };
}

async function startServer(root, tls) {
  const server = spawn(process.execPath, [join(root, 'bench', 'server.mjs'), ...(tls ? ['--tls', tls.cert, tls.key] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
  return { url, stop: () => server.kill('SIGTERM') };
}

export default async function startup({ root, log, runs = Number(process.env.BENCH_RUNS ?? 15) }) {
  const official = join(root, 'node_modules', '@epilot', 'cli', 'dist', 'bin', 'epilot.js');
  const token = benchToken();
  const epi = join(root, 'bin', 'epi.js');
  const home = join(root, 'bench', '.cache');
  const rows = [];
  const nodes = [['20', process.execPath]];
  const node24 = await nodeBinary(24, root);
  if (node24) nodes.push(['24', node24]);
  else log('Node 24 could not be installed from the npm registry; measuring Node 20 only.');
  const tls = await certificate(root, log);
  const variants = [['http', undefined], ...(tls ? [['https', tls]] : [])];

  for (const [scheme, cert] of variants) {
    const server = await startServer(root, cert);
    const { url } = server;
    const ca = cert ? { NODE_EXTRA_CA_CERTS: cert.cert } : {};
    const env = { EPILOT_TOKEN: token, EPILOT_ORGANIZATION_API_URL: url, EPI_CONFIG_DIR: join(home, 'config'), NO_COLOR: '1', ...ca };
    try {
      for (const [major, node] of nodes) {
        // The official CLI is measured over http only: it is the product comparison, not a TLS one.
        const withOfficial = scheme === 'http';
        log(`Node ${major} ${scheme}: epi org current vs node:http floor, fetch floor${withOfficial ? ' and official CLI' : ''} (${runs} alternating runs)`);
        const req = await compare(
          [
            { name: 'epi', cmd: node, args: [epi, 'org', 'current', '--json'], env },
            { name: 'floor', cmd: node, args: [join(root, 'bench', 'http-floor.mjs'), url, token], env },
            { name: 'fetch', cmd: node, args: [join(root, 'bench', 'fetch-floor.mjs'), url, token], env },
            ...(withOfficial
              ? [{ name: 'official', cmd: node, args: [official, 'organization', 'getCurrentOrganization', '--json', '--server', url, '--token', token], env: { NO_COLOR: '1', HOME: home } }]
              : []),
          ],
          runs,
        );
        const p = `Node ${major} ${scheme}:`;
        rows.push(
          { name: `${p} epi org current --json`, value: req.epi, unit: 'ms' },
          { name: `${p} node:http floor`, value: req.floor, unit: 'ms' },
          { name: `${p} fetch floor`, value: req.fetch, unit: 'ms' },
          ...(withOfficial ? [{ name: `${p} official epilot CLI`, value: req.official, unit: 'ms' }] : []),
          // The target applies on Node 20, where epi runs today; Node 24 is reported alongside.
          { name: `${p} epi / node:http floor`, value: req.epi / req.floor, unit: '×', ...(major === '20' ? { target: 1.5 } : {}) },
          { name: `${p} epi / node:http floor, CPU time`, value: req.cpu.epi / req.cpu.floor, unit: '×' },
          { name: `${p} epi / fetch floor`, value: req.epi / req.fetch, unit: '×' },
          ...(withOfficial ? [{ name: `${p} epi / official CLI`, value: req.epi / req.official, unit: '×', target: 0.8 }] : []),
          { name: `${p} CPU time (user + sys): epi`, value: req.cpu.epi, unit: 'ms' },
          { name: `${p} CPU time (user + sys): node:http floor`, value: req.cpu.floor, unit: 'ms' },
          { name: `${p} CPU time (user + sys): fetch floor`, value: req.cpu.fetch, unit: 'ms' },
        );
      }
    } finally {
      server.stop();
    }
  }

  for (const [major, node] of nodes) {
    log(`Node ${major}: epi --help vs node -e 0`);
    const help = await compare(
      [
        { name: 'help', cmd: node, args: [epi, '--help'] },
        { name: 'bare', cmd: node, args: ['-e', '0'] },
      ],
      runs,
    );
    rows.push(
      { name: `Node ${major}: epi --help`, value: help.help, unit: 'ms' },
      { name: `Node ${major}: node -e 0`, value: help.bare, unit: 'ms' },
      { name: `Node ${major}: epi --help / bare node`, value: help.help / help.bare, unit: '×', target: 1.2 },
      { name: `Node ${major}: epi --help / bare node, CPU time`, value: help.cpu.help / help.cpu.bare, unit: '×' },
    );
  }

  const server = await startServer(root);
  try {
    const env = { EPILOT_TOKEN: token, EPILOT_ORGANIZATION_API_URL: server.url, EPI_CONFIG_DIR: join(home, 'config') };
    rows.push(
      { name: 'peak RSS: epi org current', value: await peakRssMb(process.execPath, [epi, 'org', 'current', '--json'], { env }), unit: 'MB' },
      { name: 'peak RSS: node:http floor', value: await peakRssMb(process.execPath, [join(root, 'bench', 'http-floor.mjs'), server.url, token]), unit: 'MB' },
      { name: 'peak RSS: fetch floor', value: await peakRssMb(process.execPath, [join(root, 'bench', 'fetch-floor.mjs'), server.url, token]), unit: 'MB' },
      { name: 'peak RSS: official CLI', value: await peakRssMb(process.execPath, [official, 'organization', 'getCurrentOrganization', '--json', '--server', server.url, '--token', token], { env: { HOME: home } }), unit: 'MB' },
    );
  } finally {
    server.stop();
  }
  return { title: 'Start-up and one request (medians)', rows };
}
