// Bulk invite: `epi users invite --from-file users.csv --concurrency 4` against a loopback API that
// answers each invitation after 50 ms. With four in flight, 1,000 rows cannot beat
// 1,000 × 50 ms / 4 = 12.5 s; epi should stay within 1.2× of that. Peak RSS at 1,000 and 4,000
// rows shows whether memory grows with the file; 100,000 rows (answered at once, 16 in flight)
// should stay under 200 MB peak RSS. Nothing forces a garbage collection: what is measured is what
// an admin's run costs. At 100,000 rows the rows and their outcomes take about 7 MB, nearly all
// outside the heap; the rest of the peak is epi itself and the garbage of the requests, which V8
// lets grow to about four times the live heap when the server answers at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchToken, run, startJsonServer } from '../lib.mjs';

const LATENCY_MS = 50;
const CONCURRENCY = 4;
const TARGET_RATIO = 1.2;
const HUGE_ROWS = 100_000;
const HUGE_RSS_MB = 200;

/**
 * A User and Permissions API stand-in: POST /v2/users/invite after `latencyMs`, GET /v2/users with
 * no users, GET /v1/permissions/roles with the one role the rows name.
 */
async function startApi(latencyMs) {
  const stats = { invites: 0, inFlight: 0, peakInFlight: 0 };
  let id = 0;
  const server = await startJsonServer((req, path, body, send) => {
    if (req.method === 'POST' && path === '/v2/users/invite') {
      stats.invites++;
      stats.peakInFlight = Math.max(stats.peakInFlight, ++stats.inFlight);
      setTimeout(() => {
        stats.inFlight--;
        send(201, { id: String(++id), email: body.email, status: 'Pending' });
      }, latencyMs);
    } else if (req.method === 'GET' && path === '/v2/users') send(200, { results: [] });
    else if (req.method === 'GET' && path === '/v1/permissions/roles') send(200, { roles: [{ id: '739224:agent', slug: 'agent', name: 'Agent', type: 'user_role' }] });
    else send(404, { message: `No route for ${req.method} ${path}` });
  });
  return { ...server, stats };
}

/** Invites `rows` users from a fresh CSV; returns wall time, peak RSS and the server's view. */
async function inviteRun(root, api, dir, rows, concurrency = CONCURRENCY) {
  const file = join(dir, `users-${rows}.csv`);
  const lines = ['email,roles,language'];
  for (let i = 0; i < rows; i++) lines.push(`bench${i}@acme.example,739224:agent,${i % 2 ? 'de' : 'en'}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  api.stats.invites = 0;
  api.stats.peakInFlight = 0;
  const args = ['-f', '%M', process.execPath, join(root, 'bin', 'epi.js'), 'users', 'invite', '--from-file', file, '--concurrency', String(concurrency), '--json', 'status'];
  const env = { EPILOT_TOKEN: benchToken(), EPILOT_USER_API_URL: api.url, EPILOT_PERMISSIONS_API_URL: api.url, EPI_CONFIG_DIR: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
  const r = await run('/usr/bin/time', args, { env });
  if (r.code !== 0) throw new Error(`bulk invite of ${rows} rows failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(r.stdout);
  const invited = report.filter((x) => x.status === 'done').length;
  if (invited !== rows || api.stats.invites !== rows) throw new Error(`expected ${rows} invitations, got ${invited} reported and ${api.stats.invites} received`);
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { ms: r.ms, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined, peakInFlight: api.stats.peakInFlight };
}

export default async function bulkInvite({ root, log }) {
  const api = await startApi(LATENCY_MS);
  const fast = await startApi(0);
  const dir = mkdtempSync(join(tmpdir(), 'epi-bench-invite-'));
  try {
    log(`bulk invite: 1,000 rows at ${LATENCY_MS} ms each, concurrency ${CONCURRENCY}`);
    const small = await inviteRun(root, api, dir, 1000);
    log('bulk invite: 4,000 rows (memory)');
    const large = await inviteRun(root, api, dir, 4000);
    log(`bulk invite: ${HUGE_ROWS.toLocaleString('en')} rows answered at once, concurrency 16 (memory)`);
    const huge = await inviteRun(root, fast, dir, HUGE_ROWS, 16);
    const ideal = (1000 * LATENCY_MS) / CONCURRENCY;
    const ratio = small.ms / ideal;
    const growth = small.rssMb === undefined || large.rssMb === undefined ? undefined : large.rssMb - small.rssMb;
    return {
      title: 'Bulk invite',
      rows: [
        { name: 'wall time, 1,000 rows, concurrency 4', value: small.ms, unit: 'ms' },
        { name: `ideal: 1,000 × ${LATENCY_MS} ms / ${CONCURRENCY}`, value: ideal, unit: 'ms' },
        { name: 'ratio to ideal', value: ratio, unit: '×', target: TARGET_RATIO, ok: ratio <= TARGET_RATIO },
        { name: 'ratio to ideal, 4,000 rows', value: large.ms / (4 * ideal), unit: '×', target: TARGET_RATIO, ok: large.ms / (4 * ideal) <= TARGET_RATIO },
        { name: 'invitations in flight at most (server side)', value: Math.max(small.peakInFlight, large.peakInFlight), target: CONCURRENCY, ok: Math.max(small.peakInFlight, large.peakInFlight) <= CONCURRENCY },
        { name: 'peak RSS, 1,000 rows', value: small.rssMb, unit: 'MB' },
        { name: 'peak RSS, 4,000 rows', value: large.rssMb, unit: 'MB' },
        { name: 'RSS growth from 1,000 to 4,000 rows', value: growth, unit: 'MB' },
        { name: `peak RSS, ${HUGE_ROWS.toLocaleString('en')} rows`, value: huge.rssMb, unit: 'MB', target: HUGE_RSS_MB, ok: huge.rssMb !== undefined && huge.rssMb < HUGE_RSS_MB },
        { name: `wall time, ${HUGE_ROWS.toLocaleString('en')} rows`, value: huge.ms, unit: 'ms' },
      ],
    };
  } finally {
    await api.close();
    await fast.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
