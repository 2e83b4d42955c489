import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
const TOKEN = makeToken();

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

const epi = (args: string[]) => runBin(args, { env: { ...fake.env, EPI_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), 'epi-e2e-')), 'epi'), EPILOT_TOKEN: TOKEN } });

describe('the emulator checks every request against the package specs, as the API would', () => {
  it('answers 400 naming the query value that breaks the spec; epi reports it on one line', async () => {
    const r = await epi(['api', '/v2/users?limit=fifty']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: GET http:\/\/127\.0\.0\.1:\d+\/v2\/users\?limit=fifty failed: 400 Bad Request: Request does not match the API spec: GET \/v2\/users: query parameter "limit"="fifty" does not match the spec/);
  });

  it('answers 400 for a body that breaks the schema, and 404 for an operation no spec has', async () => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const badBody = await fetch(`${fake.url}/v1/groups/g1`, { method: 'PATCH', headers, body: JSON.stringify({ name: 5 }) });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { message: string }).message).toMatch(/^Request does not match the API spec: PATCH \/v1\/groups\/g1: body does not match updateGroup/);
    const unknown = await fetch(`${fake.url}/v2/userz`, { headers });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toBe('No route for GET /v2/userz');
  });

  it('lets valid requests through to its routes', async () => {
    const r = await epi(['users', 'list', '--limit', '1', '--json', 'id']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: '10001' }]);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v2/users', query: '?limit=1' });
  });
});
