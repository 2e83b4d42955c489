import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';

/** Sources `epi completion bash` in a real bash, sets the words as readline would, and returns COMPREPLY. */
function complete(line: string): string[] {
  const words = line.split(' ');
  const script = `source <("${process.execPath}" "${BIN}" completion bash) || exit 9
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
_epi_completions
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script, 'bash', ...words], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/tmp' }, timeout: 20_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash completion, sourced in a real bash', () => {
  it('completes a noun', () => {
    expect(complete('epi se')).toEqual(['settings']);
    expect(complete('epi co')).toEqual(['config', 'completion']);
  });

  it('completes the verbs of a noun, through its alias too', () => {
    expect(complete('epi org fe')).toEqual(['features', 'feature-catalog']);
    expect(complete('epi organization cur')).toEqual(['current']);
  });

  it('completes the flags of a verb, global flags included', () => {
    expect(complete('epi org update --na')).toEqual(['--name']);
    expect(complete('epi settings delete --')).toEqual(expect.arrayContaining(['--yes', '--dry-run', '--org', '--profile', '--debug', '--help']));
  });

  it('completes flag values from their choices, and skips flag values when finding the command', () => {
    expect(complete('epi --env st')).toEqual(['staging']);
    expect(complete('epi api --service perm')).toEqual(['permissions']);
    expect(complete('epi --profile org or')).toEqual(['org']);
    expect(complete('epi completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('offers nothing for a word that is no command', () => {
    expect(complete('epi nope ')).toEqual([]);
  });
});
