// Paging at network speed (issue 13 §1, §2): `epi users list --all --ndjson` over 20,000 users
// against a loopback User API that answers each page of 50 after 50 ms, side by side with a bare
// node:http script that keeps 4 pages in flight (bench/paging-floor.mjs). epi should be within
// 1.1× of it. Peak RSS of `--all --json` and `--all --ndjson` at 20,000 and 100,000 users shows
// whether memory stays flat (target 80 MB).
import { join } from 'node:path';
import { benchToken, compare, run, startJsonServer } from '../lib.mjs';

const LATENCY_MS = 50;
const TARGET_RATIO = 1.1;
const TARGET_RSS_MB = 80;

/** A user record of about the size the User API sends. */
const user = (i) => ({
  id: String(100000 + i),
  organization_id: '739224',
  email: `user${i}@acme.example`,
  display_name: `User Number ${i}`,
  name: `User Number ${i}`,
  status: 'Active',
  department: i % 3 ? 'Sales' : 'Operations',
  preferred_language: i % 2 ? 'de' : 'en',
  created_at: '2024-03-01T10:00:00.000Z',
  properties: [{ name: 'phone', value: `+49 30 ${1000000 + i}` }],
});

export default async function paging({ root, log, runs = Number(process.env.BENCH_RUNS ?? 3) }) {
  let users = 20_000;
  const stats = { inFlight: 0, peak: 0 };
  const api = await startJsonServer((req, path, _body, send) => {
    if (path !== '/v2/users') return send(404, { message: `No route for ${req.method} ${path}` });
    const query = new URL(req.url, 'http://127.0.0.1').searchParams;
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    stats.peak = Math.max(stats.peak, ++stats.inFlight);
    setTimeout(() => {
      stats.inFlight--;
      send(200, { results: Array.from({ length: Math.max(0, Math.min(limit, users - offset)) }, (_, i) => user(offset + i)) });
    }, LATENCY_MS);
  });
  const token = benchToken();
  const epi = join(root, 'bin', 'epi.js');
  const env = { EPILOT_TOKEN: token, EPILOT_USER_API_URL: api.url, EPI_CONFIG_DIR: join(root, 'bench', '.cache', 'config'), NO_COLOR: '1' };
  const count = (stdout) => stdout.split('\n').filter(Boolean).length;
  try {
    log(`paging: users list --all --ndjson over ${users} users at ${LATENCY_MS} ms per page vs node:http with 4 in flight (${runs} alternating runs)`);
    const times = await compare(
      [
        { name: 'epi', cmd: process.execPath, args: [epi, 'users', 'list', '--all', '--ndjson'], env },
        { name: 'floor', cmd: process.execPath, args: [join(root, 'bench', 'paging-floor.mjs'), api.url, token], env },
      ],
      runs,
    );
    stats.peak = 0;
    const check = await run(process.execPath, [epi, 'users', 'list', '--all', '--ndjson'], { env });
    if (count(check.stdout) !== users) throw new Error(`epi printed ${count(check.stdout)} users, not ${users}`);
    const peakInFlight = stats.peak;

    const rss = {};
    for (const n of [20_000, 100_000]) {
      users = n;
      for (const format of ['--json', '--ndjson']) {
        log(`paging: peak RSS of users list --all ${format} over ${n} users`);
        const r = await run(process.execPath, [epi, 'users', 'list', '--all', format], { env });
        if (r.code !== 0) throw new Error(`users list --all ${format} over ${n} users failed (exit ${r.code}): ${r.stderr.slice(0, 300)}`);
        rss[`${format} ${n}`] = r.rssMb;
      }
    }
    const row = (format, n) => ({ name: `peak RSS: users list --all ${format}, ${n.toLocaleString('en')} users`, value: rss[`${format} ${n}`], unit: 'MB', target: TARGET_RSS_MB });
    return {
      title: 'Paging at network speed (20,000 users, 50 ms per page)',
      rows: [
        { name: 'epi users list --all --ndjson', value: times.epi, unit: 'ms' },
        { name: 'node:http script, 4 pages in flight', value: times.floor, unit: 'ms' },
        { name: 'epi / node:http floor', value: times.epi / times.floor, unit: '×', target: TARGET_RATIO },
        { name: 'one page at a time would take (401 × 50 ms)', value: 401 * LATENCY_MS, unit: 'ms' },
        { name: 'CPU time (user + sys): epi', value: times.cpu.epi, unit: 'ms' },
        { name: 'CPU time (user + sys): node:http floor', value: times.cpu.floor, unit: 'ms' },
        { name: 'pages in flight at most (server side)', value: peakInFlight, target: 4 },
        row('--json', 20_000),
        row('--ndjson', 20_000),
        row('--json', 100_000),
        row('--ndjson', 100_000),
      ],
    };
  } finally {
    await api.close();
  }
}
