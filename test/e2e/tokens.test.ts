import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

let fake: FakeServer;
const ADMIN = makeToken();

beforeAll(async () => {
  fake = await startFakeServer();
  fake.state.roles.push({ id: '739224:deployer', slug: 'deployer', name: 'Deployer', type: 'user_role', organization_id: '739224', grants: [] });
});
afterAll(() => fake.close());

describe('tokens: create → list → rotate → revoke, on one config directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epi-e2e-tokens-'));
  const epi = (args: string[], env: Record<string, string | undefined> = {}) => runBin(args, { env: { ...fake.env, EPI_CONFIG_DIR: dir, ...env } });
  const profiles = () => (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, string>> }).profiles;

  it('keeps a working token in the profile at every step', async () => {
    const create = await epi(['tokens', 'create', '--name', 'CI deploy', '--role', 'Deployer', '--expires-in', '30d', '--save-profile', 'ci'], { EPILOT_TOKEN: ADMIN });
    expect(create.code).toBe(0);
    expect(create.stdout).toBe('');
    const first = profiles().ci!;
    expect(first.token_id).toMatch(/^api_/);
    expect(create.stderr).toContain(`Created token ${first.token_id} ("CI deploy") and stored it in profile "ci"; it was not printed.`);
    expect(create.stderr).not.toContain(first.token!);
    expect(fake.state.accessTokens[0]).toMatchObject({ name: 'CI deploy', assignments: ['739224:deployer'] });

    // The stored token works on its own: the profile alone authenticates.
    const list = await epi(['--profile', 'ci', 'tokens', 'list', '--json', 'id,name,expires_at']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as Array<{ id: string; name: string; expires_at: string }>;
    expect(listed.map((t) => t.id)).toEqual([first.token_id]);
    expect(Date.parse(listed[0]!.expires_at) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const plan = await epi(['tokens', 'rotate', '--profile', 'ci', '--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain('create token "CI deploy" (roles: 739224:deployer; lifetime: 30d)');
    expect(profiles().ci).toEqual(first);

    const rotate = await epi(['tokens', 'rotate', '--profile', 'ci']);
    expect(rotate.code).toBe(0);
    const second = profiles().ci!;
    expect(second.token_id).not.toBe(first.token_id);
    expect(rotate.stderr).toContain(`new token ${second.token_id} is stored and checked; old token ${first.token_id} is revoked.`);
    expect(fake.state.accessTokens.find((t) => t.id === second.token_id)).toMatchObject({ name: 'CI deploy', assignments: ['739224:deployer'] });
    // The old token no longer works; the new one does.
    expect((await epi(['me', '--json'], { EPILOT_TOKEN: first.token })).code).toBe(4);
    expect((await epi(['--profile', 'ci', 'me', '--json'])).code).toBe(0);

    const refused = await epi(['--profile', 'ci', 'tokens', 'revoke', second.token_id!, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is the one this command is using');

    const revoke = await epi(['tokens', 'revoke', second.token_id!, '--yes'], { EPILOT_TOKEN: ADMIN });
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toBe(`Revoked token ${second.token_id} ("CI deploy").\n`);
    expect((await epi(['--profile', 'ci', 'me'])).code).toBe(4);
  });
});
