/**
 * The published package: `npm pack` of the built tree, installed as a user would with
 * `npm install --omit=dev`, is one package with no dependencies (everything epi runs is bundled in
 * dist/, jq's engine included), and its commands work from there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let prefix: string;

beforeAll(() => {
  const packDir = mkdtempSync(join(tmpdir(), 'epi-pack-'));
  // dist/ is already built (npm test builds before the e2e suite), so pack it as it is.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, root], { encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } })
    .trim()
    .split('\n')
    .at(-1)!;
  prefix = mkdtempSync(join(tmpdir(), 'epi-install-'));
  // --offline: a package with no dependencies needs nothing from a registry.
  execFileSync('npm', ['install', '--offline', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', prefix, join(packDir, tarball)], { encoding: 'utf8', env: process.env });
}, 120_000);

const run = (args: string[], home: string) => {
  const r = spawnSync(process.execPath, [join(prefix, 'node_modules', 'epi', 'bin', 'epi.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, EPI_CONFIG_DIR: join(home, 'epi'), XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('the published package', () => {
  it('declares no runtime dependencies and installs as exactly one package', () => {
    const manifest = JSON.parse(readFileSync(join(prefix, 'node_modules', 'epi', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(prefix, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['epi']);
  });

  it('runs commands, prompts aside, from the install alone: help, the emulator, CSV output and --jq', () => {
    const home = mkdtempSync(join(tmpdir(), 'epi-home-'));
    expect(run(['--help'], home).stdout).toContain('Usage: epi');
    const csv = run(['--env', 'local', 'users', 'list', '--format', 'csv'], home);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n')[1]).toBe('20001,ada.admin@solar-demo.example,Ada Admin,Active,Operations');
    const jq = run(['--env', 'local', 'users', 'list', '--jq', '.[] | select(.status == "Pending") | .email'], home);
    expect(jq.code, jq.stderr).toBe(0);
    expect(jq.stdout).toBe('xenia.xander@solar-demo.example\nyusuf.yilmaz@solar-demo.example\nzoe.zimmer@solar-demo.example\n');
    const bad = run(['--env', 'local', 'users', 'list', '--jq', '.['], home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('jq: error: syntax error');
  });
});
