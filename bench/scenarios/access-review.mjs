// Access review: `epi users list --all --with roles,groups --format csv` over 5,000 users against a
// loopback API that answers every request after 50 ms. The review needs the pages of users, one
// read of the assignments, one of the roles and the pages of groups; the ideal is those calls one
// after the other, each at the latency. epi reads ahead a few user pages at a time and reads the
// rest beside them, so it should finish under that ideal; one call per user would take minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchToken, run, startJsonServer } from '../lib.mjs';

const USERS = 5000;
const ROLES = 40;
const GROUPS = 200;
const LATENCY_MS = 50;
const USER_PAGE = 50;
const GROUP_PAGE = 100;
const ORG = '739224';

function data() {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: String(100000 + i),
    organization_id: ORG,
    email: `user${i}@acme.example`,
    display_name: `User ${i}`,
    status: i % 17 === 0 ? 'Pending' : 'Active',
    department: `Dept ${i % 12}`,
  }));
  const roles = Array.from({ length: ROLES }, (_, i) => ({ id: `${ORG}:role${i}`, slug: `role${i}`, name: `Role ${i}`, type: 'user_role', organization_id: ORG, grants: [] }));
  const assignments = users.map((u, i) => ({ user_id: u.id, roles: [roles[i % ROLES].id, ...(i % 3 ? [] : [roles[(i + 7) % ROLES].id])] }));
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: `group-${g}`,
    org_id: ORG,
    name: `Group ${g}`,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    users: users.filter((_, i) => i % GROUPS === g || (i + 3 * g) % 997 === 0).map((u) => ({ id: u.id })),
  }));
  return { users, roles, assignments, groups };
}

async function startApi() {
  const { users, roles, assignments, groups } = data();
  const calls = {};
  const server = await startJsonServer((req, path, _body, send) => {
    const q = new URL(req.url, 'http://127.0.0.1').searchParams;
    const limit = Number(q.get('limit') ?? 50);
    const offset = Number(q.get('offset') ?? 0);
    calls[path] = (calls[path] ?? 0) + 1;
    setTimeout(() => {
      if (req.method !== 'GET') send(405, { message: 'read only' });
      else if (path === '/v2/users') send(200, { results: users.slice(offset, offset + limit) });
      else if (path === '/v1/permissions/assignments') send(200, { assignments });
      else if (path === '/v1/permissions/roles') send(200, { roles });
      else if (path === '/v1/groups') send(200, { hits: groups.length, groups: groups.slice(offset, offset + limit) });
      else send(404, { message: `No route for ${req.method} ${path}` });
    }, LATENCY_MS);
  });
  return { ...server, calls };
}

export default async function accessReview({ root, log }) {
  const api = await startApi();
  const dir = mkdtempSync(join(tmpdir(), 'epi-bench-review-'));
  try {
    log(`access review: ${USERS.toLocaleString('en')} users, ${GROUPS} groups, ${ROLES} roles, ${LATENCY_MS} ms per request`);
    const env = { EPILOT_TOKEN: benchToken(), EPILOT_USER_API_URL: api.url, EPILOT_PERMISSIONS_API_URL: api.url, EPI_CONFIG_DIR: join(dir, 'config') };
    const r = await run(process.execPath, [join(root, 'bin', 'epi.js'), 'users', 'list', '--all', '--with', 'roles,groups', '--format', 'csv'], { env });
    if (r.code !== 0) throw new Error(`access review failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
    const lines = r.stdout.split('\r\n').filter(Boolean).length;
    if (lines !== USERS + 1) throw new Error(`expected ${USERS + 1} CSV lines, got ${lines}`);
    // The users listing reports no total, so its end is a short (here: empty) page.
    const userPages = Math.floor(USERS / USER_PAGE) + 1;
    const groupPages = Math.ceil(GROUPS / GROUP_PAGE);
    const idealCalls = userPages + 1 + 1 + groupPages;
    const ideal = idealCalls * LATENCY_MS;
    const calls = Object.values(api.calls).reduce((a, b) => a + b, 0);
    return {
      title: `Access review (users list --all --with roles,groups, ${USERS.toLocaleString('en')} users)`,
      rows: [
        { name: `wall time, ${LATENCY_MS} ms per request`, value: r.ms, unit: 'ms' },
        { name: `ideal: (${userPages} user pages + 1 assignments + 1 roles + ${groupPages} group pages) × ${LATENCY_MS} ms, one after the other`, value: ideal, unit: 'ms' },
        { name: 'ratio to ideal', value: r.ms / ideal, unit: '×', target: 1 },
        { name: 'requests sent (server side)', value: calls, target: idealCalls + 3 },
        { name: 'peak RSS', value: r.rssMb, unit: 'MB' },
        { name: 'CSV lines (users + header)', value: lines },
      ],
    };
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
