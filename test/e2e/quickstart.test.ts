/**
 * A newcomer's first minute: exactly the commands of the README's quick start (between the
 * quickstart markers), run by a shell from the repository, with a fresh config directory and
 * nothing else. When the README changes, this runs what it now says.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shell lines of the quick start's code blocks. */
function quickStart(): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf('<!-- quickstart:begin -->');
  const end = text.indexOf('<!-- quickstart:end -->');
  expect(start, 'README.md has no quickstart markers').toBeGreaterThan(0);
  const blocks = [...text.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

const sh = (line: string, dir: string) =>
  promisify(execFile)('/bin/sh', ['-c', line], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', EPI_CONFIG_DIR: join(dir, 'epi'), XDG_STATE_HOME: join(dir, 'state') } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("the README's quick start", () => {
  it('installs, then shows the demo users and the tool from a fresh config directory', async () => {
    const lines = quickStart();
    // The two set-up commands of a newcomer: install (done by the test run), then the main job.
    expect(lines.slice(0, 2)).toEqual(['npm install', './bin/epi.js --env local users list']);
    expect(lines.length, 'three or four commands after the set-up').toBeGreaterThanOrEqual(5);
    const dir = mkdtempSync(join(tmpdir(), 'epi-e2e-quickstart-'));
    const results = [];
    for (const line of lines.slice(1)) {
      expect(line, 'every quick-start command runs the local epi').toContain('./bin/epi.js');
      const r = await sh(line, dir);
      // epi diff exits 1 when the two sides differ, as diff(1) does; the demo orgs do.
      expect(r.code, `${line}\n${r.stderr}`).toBe(/ diff /.test(line) ? 1 : 0);
      results.push({ line, ...r });
    }
    const [users, invite] = results;
    const rows = users!.stdout.trim().split('\n');
    expect(rows).toHaveLength(25);
    expect(users!.stdout).toContain('ada.admin@solar-demo.example\tAda Admin\tActive');
    expect(users!.stderr).toContain('Started the local epilot emulator with invented demo data');
    // The bulk invite is planned, role names resolved, and nothing is sent.
    expect(invite!.stdout).toContain('"email":"nora.neu@solar-demo.example","roles":["728000:sales"]');
    expect(invite!.stdout).toContain('"email":"omar.ost@solar-demo.example","roles":["728000:viewer"]');
    const review = results.find((r) => r.line.includes('--with roles,groups'));
    expect(review, 'the quick start shows the access review').toBeDefined();
    expect(review!.stdout.split(/\r?\n/).slice(0, 2)).toEqual(['ID,Email,Name,Status,Department,Roles,Groups', '20001,ada.admin@solar-demo.example,Ada Admin,Active,Operations,Owner; Administrator,']);
    const diff = results.find((r) => / diff /.test(r.line));
    expect(diff, 'the quick start compares the two demo orgs').toBeDefined();
    expect(diff!.stdout).toMatch(/^roles\n {2}\+ installer$/m);
    const after = await sh('./bin/epi.js --env local users list --json email --query nora.neu', dir);
    expect(JSON.parse(after.stdout)).toEqual([]);
  });
});
