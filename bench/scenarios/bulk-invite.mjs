// Bulk invite: `epi users invite --from-file users.csv --concurrency 4` against a loopback API that
// answers each invitation after 50 ms. With four in flight, 1,000 rows cannot beat
// 1,000 × 50 ms / 4 = 12.5 s; epi should stay within 1.2× of that. Peak RSS at 1,000 and 4,000
// rows shows whether memory grows with the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchToken, run } from '../lib.mjs';

const LATENCY_MS = 50;
const CONCURRENCY = 4;
const TARGET_RATIO = 1.2;

/** A User API stand-in: POST /v2/users/invite after LATENCY_MS, GET /v2/users with no users. */
async function startApi() {
  const stats = { invites: 0, inFlight: 0, peakInFlight: 0 };
  let id = 0;
  const send = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url, 'http://127.0.0.1').pathname;
      if (req.method === 'POST' && path === '/v2/users/invite') {
        stats.invites++;
        stats.peakInFlight = Math.max(stats.peakInFlight, ++stats.inFlight);
        const { email } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        setTimeout(() => {
          stats.inFlight--;
          send(res, 201, { id: String(++id), email, status: 'Pending' });
        }, LATENCY_MS);
      } else if (req.method === 'GET' && path === '/v2/users') send(res, 200, { results: [] });
      else send(res, 404, { message: `No route for ${req.method} ${path}` });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Invites `rows` users from a fresh CSV; returns wall time, peak RSS and the server's view. */
async function inviteRun(root, api, dir, rows) {
  const file = join(dir, `users-${rows}.csv`);
  const lines = ['email,roles,language'];
  for (let i = 0; i < rows; i++) lines.push(`bench${i}@acme.example,739224:agent,${i % 2 ? 'de' : 'en'}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  api.stats.invites = 0;
  api.stats.peakInFlight = 0;
  const args = ['-f', '%M', process.execPath, join(root, 'bin', 'epi.js'), 'users', 'invite', '--from-file', file, '--concurrency', String(CONCURRENCY), '--json'];
  const r = await run('/usr/bin/time', args, { env: { EPILOT_TOKEN: benchToken(), EPILOT_USER_API_URL: api.url, EPI_CONFIG_DIR: join(dir, 'config') } });
  if (r.code !== 0) throw new Error(`bulk invite of ${rows} rows failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(r.stdout);
  const invited = report.filter((x) => x.status === 'invited').length;
  if (invited !== rows || api.stats.invites !== rows) throw new Error(`expected ${rows} invitations, got ${invited} reported and ${api.stats.invites} received`);
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { ms: r.ms, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined, peakInFlight: api.stats.peakInFlight };
}

export default async function bulkInvite({ root, log }) {
  const api = await startApi();
  const dir = mkdtempSync(join(tmpdir(), 'epi-bench-invite-'));
  try {
    log(`bulk invite: 1,000 rows at ${LATENCY_MS} ms each, concurrency ${CONCURRENCY}`);
    const small = await inviteRun(root, api, dir, 1000);
    log('bulk invite: 4,000 rows (memory)');
    const large = await inviteRun(root, api, dir, 4000);
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
      ],
    };
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
