import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { buildProgram, createProgram, prose, readCommandLine } from '../../src/program.js';

describe('lazy command loading', () => {
  const program = createProgram({ io: {} as never, env: {} });

  it.each([
    [['users', 'list'], 'users'],
    [['--profile', 'x', 'users', 'list'], 'users'],
    [['-p', 'x', '--env', 'dev', 'org'], 'org'],
    [['--timeout', '5', '--max-retries', '1', 'groups'], 'groups'],
    [['--debug', 'roles', 'get', '1'], 'roles'],
    [['help', 'partners'], 'partners'],
    [['--', 'users'], undefined],
    [['--help'], undefined],
    [[], undefined],
  ])('%j names %s', (argv, expected) => {
    expect(readCommandLine(argv, program).command).toBe(expected);
  });

  it('takes the options that need a value from the program itself, not from a second list', () => {
    program.option('--tenant <id>', 'a global option added later');
    expect(readCommandLine(['--tenant', 'acme', 'users'], program).command).toBe('users');
  });

  it('tells --debug and --json apart from the value of an option and from words after --', () => {
    expect(readCommandLine(['users', 'list', '--json', '--debug'], program)).toMatchObject({ debug: true, json: true });
    expect(readCommandLine(['users', 'list', '--json=id'], program)).toMatchObject({ debug: false, json: true });
    expect(readCommandLine(['-p', '--json', 'users', 'list'], program)).toMatchObject({ command: 'users', json: false });
    expect(readCommandLine(['api', '--', '--json', '--debug'], program)).toMatchObject({ debug: false, json: false });
  });

  it('loads only the named command in full and lists the rest by summary', async () => {
    const program = await buildProgram({ io: {} as never, env: {} }, ['settings', 'list']);
    const settings = program.commands.find((c) => c.name() === 'settings')!;
    const users = program.commands.find((c) => c.name() === 'users')!;
    expect(settings.commands.map((c) => c.name())).toEqual(['list', 'get', 'put', 'delete', 'help']);
    expect(users.commands).toEqual([]);
    expect(users.summary()).toBe('List, invite, update and remove users');
  });

  it('lists every top-level command with the summary its module declares', async () => {
    const full = await buildProgram({ io: {} as never, env: {} });
    expect(full.commands.map((c) => c.name())).toEqual([...COMMANDS.map((c) => c.name), 'help']);
    for (const entry of COMMANDS) {
      const loaded = await entry.load();
      if ('verb' in loaded) expect(loaded.verb.summary, entry.name).toBe(entry.summary);
      else expect(loaded.noun.verbs.length + (loaded.noun.nouns?.length ?? 0), entry.name).toBeGreaterThan(0);
    }
  });
});

describe('help descriptions', () => {
  it('joins the lines of a paragraph, so the terminal wrap is the only wrap, and keeps paragraph breaks', () => {
    expect(prose('Write the configuration to a directory: settings/<key>.json,\n  roles/<slug>.json and a manifest.\n\nUsers are never exported.')).toBe(
      'Write the configuration to a directory: settings/<key>.json, roles/<slug>.json and a manifest.\n\nUsers are never exported.',
    );
  });

  it('a verb written with wrapped source lines reads as one paragraph in its help', async () => {
    const program = await buildProgram({ io: {} as never, env: {} }, ['export', '--help']);
    const exportCmd = program.commands.find((c) => c.name() === 'export')!;
    expect(exportCmd.description()).toContain('roles/<slug>.json, groups/<name>.json and a manifest');
    expect(exportCmd.description()).not.toMatch(/[^\n]\n[^\n]/);
  });
});
