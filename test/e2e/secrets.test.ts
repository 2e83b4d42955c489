/**
 * Proof that secrets stay secret: a broad set of commands (every noun, reads and writes, dry runs,
 * failures, `epi api -i`, all with --debug on) runs the built binary with a recognisable token,
 * then with the same token stored by `auth login`, and with an invitation token. Neither token's
 * bytes may appear in any stdout, stderr or file epi writes (in its working directory, HOME,
 * TMPDIR and config directory), other than config.json itself. (Every other e2e test also checks
 * stdout and stderr for the token through runBin.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake/server.js';
import { runBin, type BinResult } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

/** A JWT whose payload and signature are recognisable on their own, should either leak alone. */
const TOKEN = makeToken({ note: 'RECOGNISABLE-SECRET-PAYLOAD' }).replace(/\.[^.]+$/, `.${Buffer.from('RECOGNISABLE-SECRET-SIGNATURE').toString('base64url')}`);
const INVITE = 'inv-RECOGNISABLE-7f3a9c2e5b1d';
const NEEDLES = [TOKEN, TOKEN.split('.')[1]!, TOKEN.split('.')[2]!, INVITE];

let fake: FakeServer;
let root: string;
let configDir: string;
const outputs: Array<{ args: string[]; result: BinResult }> = [];

beforeAll(async () => {
  fake = await startFakeServer();
  fake.state.inviteTokens.set(INVITE, { user_id: '10001', org_id: '739224' });
  root = mkdtempSync(join(tmpdir(), 'epi-secrets-'));
  for (const d of ['cwd', 'home', 'tmp']) mkdirSync(join(root, d));
  configDir = join(root, 'home', '.config', 'epi');
});
afterAll(() => fake.close());

async function epi(args: string[], options: { token?: boolean; input?: string } = {}): Promise<BinResult> {
  const result = await runBin(args, {
    cwd: join(root, 'cwd'),
    input: options.input,
    env: {
      ...fake.env,
      HOME: join(root, 'home'),
      TMPDIR: join(root, 'tmp'),
      EPI_CONFIG_DIR: configDir,
      EPI_DEBUG: '1',
      EPILOT_TOKEN: options.token === false ? undefined : TOKEN,
    },
  });
  outputs.push({ args, result });
  return result;
}

/** Commands across every noun, as the other e2e tests run them. */
const COMMANDS: string[][] = [
  ['org', 'current'],
  ['org', 'get', '739224', '--json'],
  ['org', 'update', '739224', '--name', 'Acme Energy GmbH'],
  ['org', 'features'],
  ['settings', 'list'],
  ['settings', 'get', 'default_language'],
  ['settings', 'put', 'double_opt_in', '{"enabled":false}'],
  ['settings', 'delete', 'nope', '--yes'],
  ['users', 'list', '--all'],
  ['users', 'get', 'admin@acme.example'],
  ['users', 'invite', '--email', 'new@acme.example', '--dry-run'],
  ['users', 'invite', '--email', 'new@acme.example', '--json'],
  ['users', 'groups', '10001'],
  ['me'],
  ['me', 'settings', 'list'],
  ['me', 'roles'],
  ['groups', 'create', '--name', 'Sales', '--user', '10001'],
  ['groups', 'list', '--json'],
  ['roles', 'list'],
  ['roles', 'create', '--name', 'Viewer', '--slug', 'viewer', '--grant', 'entity-read'],
  ['roles', 'assignments'],
  ['partners', 'search', '--json'],
  ['api', '/v2/users/me', '-i'],
  ['api', 'POST', '/v1/groups', '-f', 'name=Ops', '--dry-run'],
  ['api', '/v2/users/nope'],
  ['config', 'list'],
  ['auth', 'status'],
  ['auth', 'list'],
];

describe('a recognisable token never leaves the config file', () => {
  it('from EPILOT_TOKEN, across every noun, with --debug on', async () => {
    for (const args of COMMANDS) await epi(args);
    // A server that echoes the token back in an error, and one that rejects it.
    fake.inject({ path: '/v2/organization/current', status: 401, body: { message: `Token ${TOKEN} is invalid` } });
    expect((await epi(['org', 'current'])).code).toBe(4);
    fake.inject({ path: '/v2/users/me', status: 500, raw: `upstream said: ${TOKEN}`, headers: { 'content-type': 'text/plain' } });
    expect((await epi(['me', '--max-retries', '0'])).code).toBe(1);
    expect(outputs.filter((o) => o.result.code === 0).length).toBeGreaterThan(20);
  });

  it('stored by auth login, then used from the profile', async () => {
    expect((await epi(['auth', 'login', '--with-token'], { token: false, input: TOKEN })).code).toBe(0);
    for (const args of COMMANDS.slice(0, 12)) await epi(args, { token: false });
    expect((await epi(['auth', 'logout'], { token: false })).code).toBe(0);
  });

  it('an invitation token, from argv and from stdin', async () => {
    await epi(['invites', 'check', INVITE], { token: false });
    await epi(['invites', 'check', '-'], { token: false, input: INVITE });
    await epi(['invites', 'reject', '-', '--yes', '--dry-run'], { token: false, input: INVITE });
    await epi(['partners', 'invitation', INVITE], { token: false });
  });

  it('appears in no output and no file', () => {
    expect(outputs.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    for (const { args, result } of outputs) {
      for (const needle of NEEDLES) {
        if (result.stdout.includes(needle)) leaks.push(`stdout of epi ${args.join(' ')}`);
        if (result.stderr.includes(needle)) leaks.push(`stderr of epi ${args.join(' ')}`);
      }
    }
    const files = walk(root).filter((f) => f !== join(configDir, 'config.json'));
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const needle of NEEDLES) if (text.includes(needle)) leaks.push(file);
    }
    expect(leaks).toEqual([]);
    // The masking is visible where the token would have been.
    expect(outputs.some((o) => o.result.stderr.includes('Token *** is invalid'))).toBe(true);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
