// Bulk invite against a rate-limited API: the server allows RATE requests per second (a token
// bucket, as API gateways do) and answers 429 with `Retry-After: 1` beyond that. The runner must
// finish with zero failed rows at 80% or more of the allowed rate, with no request it was not
// told to re-send (each 429 means one re-send).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchToken, run, startJsonServer } from '../lib.mjs';

const RATE = 50;
const BURST = 10;
const LATENCY_MS = 20;
const ROWS = 500;
const TARGET_RATIO = 0.8;

async function startApi() {
  const stats = { accepted: 0, limited: 0 };
  let tokens = BURST;
  let last = Date.now();
  let id = 0;
  const server = await startJsonServer((req, path, body, send) => {
    if (req.method !== 'POST' || path !== '/v2/users/invite') return send(404, { message: `No route for ${req.method} ${path}` });
    const now = Date.now();
    tokens = Math.min(BURST, tokens + ((now - last) / 1000) * RATE);
    last = now;
    if (tokens < 1) {
      stats.limited++;
      return send(429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
    }
    tokens--;
    stats.accepted++;
    setTimeout(() => send(201, { id: String(++id), email: body.email, status: 'Pending' }), LATENCY_MS);
  });
  return { ...server, stats };
}

export default async function bulkRateLimited({ root, log }) {
  const api = await startApi();
  const dir = mkdtempSync(join(tmpdir(), 'epi-bench-429-'));
  try {
    const file = join(dir, 'users.csv');
    writeFileSync(file, `email\n${Array.from({ length: ROWS }, (_, i) => `rl${i}@acme.example`).join('\n')}\n`);
    log(`bulk invite: ${ROWS} rows against a server allowing ${RATE} requests/s (429 + Retry-After beyond)`);
    const args = [join(root, 'bin', 'epi.js'), 'users', 'invite', '--from-file', file, '--json', 'status'];
    const env = { EPILOT_TOKEN: benchToken(), EPILOT_USER_API_URL: api.url, EPI_CONFIG_DIR: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
    const r = await run(process.execPath, args, { env });
    if (r.code !== 0) throw new Error(`rate-limited bulk invite failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
    const failed = JSON.parse(r.stdout).filter((x) => x.status !== 'done').length;
    if (api.stats.accepted !== ROWS) throw new Error(`expected ${ROWS} accepted invitations, the server saw ${api.stats.accepted}`);
    const rate = ROWS / (r.ms / 1000);
    const ratio = rate / RATE;
    return {
      title: 'Bulk invite under a rate limit (429)',
      rows: [
        { name: `rows not done (of ${ROWS})`, value: failed, target: 0 },
        { name: 'invitations accepted by the server', value: api.stats.accepted },
        { name: '429 answers (each re-sent once)', value: api.stats.limited },
        { name: 'wall time', value: r.ms, unit: 'ms' },
        { name: 'achieved rate', value: rate, unit: 'req/s' },
        { name: `ratio to the allowed ${RATE} req/s`, value: ratio, unit: '×', target: TARGET_RATIO, atLeast: true },
      ],
    };
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
