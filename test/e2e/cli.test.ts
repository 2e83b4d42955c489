import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';

// None of these reaches the network: usage errors and help are answered before any request.
const epi = (args: string[]) => runBin(args, { env: { EPI_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'epi-e2e-cli-')) } });

describe('the binary: help and usage errors', () => {
  it('bare epi prints the same help as `epi help`, on stdout with exit 0', async () => {
    const bare = await epi([]);
    const help = await epi(['help']);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toMatch(/^Usage: epi \[options\] \[command\]/);
    expect(bare.stdout).toBe(help.stdout);
    // Global options alone name no command either: the live tree answers the same way.
    const globalsOnly = await epi(['--no-input']);
    expect(globalsOnly.code).toBe(0);
    expect(globalsOnly.stdout).toBe(help.stdout);
  });

  it('epi help nosuch: unknown command on stderr, exit 2, nothing on stdout', async () => {
    const r = await epi(['help', 'nosuch']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: unknown command 'nosuch'\nSee `epi --help` for its commands.\n");
  });

  it('commander errors under --json are one JSON object on stderr, exit 2', async () => {
    const choice = await epi(['partners', 'invite', 'p1', '--language', 'fr', '--json']);
    expect(choice.code).toBe(2);
    expect(choice.stdout).toBe('');
    expect(JSON.parse(choice.stderr)).toEqual({
      error: {
        message: "option '--language <lang>' argument 'fr' is invalid. Allowed choices are en, de.",
        hint: 'See `epi partners invite --help` for --language.',
        exit_code: 2,
      },
    });
    const unknown = await epi(['users', 'list', '--bogus', '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr).error.message).toBe("unknown option '--bogus'");
    const missing = await epi(['groups', 'get', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ message: "missing required argument 'id'", hint: 'See `epi groups get --help` for its usage.' });
  });
});
