// Start-up and one request: epi against the fetch floor and the official @epilot/cli, and
// `epi --help` against bare Node, all on the same loopback server, on Node 20 and Node 24.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { benchToken, compare, nodeBinary, peakRssMb } from '../lib.mjs';

export default async function startup({ root, log, runs = Number(process.env.BENCH_RUNS ?? 15) }) {
  const official = join(root, 'node_modules', '@epilot', 'cli', 'dist', 'bin', 'epilot.js');
  const server = spawn(process.execPath, [join(root, 'bench', 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
  const token = benchToken();
  const epi = join(root, 'bin', 'epi.js');
  const env = { EPILOT_TOKEN: token, EPILOT_ORGANIZATION_API_URL: url, EPI_CONFIG_DIR: join(root, 'bench', '.cache', 'config'), NO_COLOR: '1' };
  const rows = [];
  try {
    const nodes = [['20', process.execPath]];
    const node24 = await nodeBinary(24, root);
    if (node24) nodes.push(['24', node24]);
    else log('Node 24 could not be installed from the npm registry; measuring Node 20 only.');
    for (const [major, node] of nodes) {
      log(`Node ${major}: epi org current vs fetch floor vs official CLI (${runs} alternating runs)`);
      const req = await compare(
        [
          { name: 'epi', cmd: node, args: [epi, 'org', 'current', '--json'], env },
          { name: 'fetch', cmd: node, args: [join(root, 'bench', 'fetch-floor.mjs'), url, token], env },
          { name: 'official', cmd: node, args: [official, 'organization', 'getCurrentOrganization', '--json', '--server', url, '--token', token], env: { NO_COLOR: '1', HOME: join(root, 'bench', '.cache') } },
        ],
        runs,
      );
      log(`Node ${major}: epi --help vs node -e 0`);
      const help = await compare(
        [
          { name: 'help', cmd: node, args: [epi, '--help'], env },
          { name: 'bare', cmd: node, args: ['-e', '0'], env },
        ],
        runs,
      );
      rows.push(
        { name: `Node ${major}: epi org current --json`, value: req.epi, unit: 'ms' },
        { name: `Node ${major}: bare fetch script`, value: req.fetch, unit: 'ms' },
        { name: `Node ${major}: official epilot CLI`, value: req.official, unit: 'ms' },
        { name: `Node ${major}: epi / fetch floor`, value: req.epi / req.fetch, unit: '×', target: 1.25 },
        { name: `Node ${major}: epi / official CLI`, value: req.epi / req.official, unit: '×', target: 0.8 },
        { name: `Node ${major}: epi --help`, value: help.help, unit: 'ms' },
        { name: `Node ${major}: node -e 0`, value: help.bare, unit: 'ms' },
        { name: `Node ${major}: epi --help / bare node`, value: help.help / help.bare, unit: '×', target: 1.3 },
      );
    }
    rows.push(
      { name: 'peak RSS: epi org current', value: await peakRssMb(process.execPath, [epi, 'org', 'current', '--json'], { env }), unit: 'MB' },
      { name: 'peak RSS: official CLI', value: await peakRssMb(process.execPath, [official, 'organization', 'getCurrentOrganization', '--json', '--server', url, '--token', token], { env: { HOME: join(root, 'bench', '.cache') } }), unit: 'MB' },
      { name: 'peak RSS: bare fetch script', value: await peakRssMb(process.execPath, [join(root, 'bench', 'fetch-floor.mjs'), url, token], { env }), unit: 'MB' },
    );
  } finally {
    server.kill('SIGTERM');
  }
  return { title: 'Start-up and one request (medians)', rows };
}
