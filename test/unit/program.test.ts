import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { buildProgram, commandName } from '../../src/program.js';

describe('lazy command loading', () => {
  it.each([
    [['users', 'list'], 'users'],
    [['--profile', 'x', 'users', 'list'], 'users'],
    [['-p', 'x', '--env', 'dev', 'org'], 'org'],
    [['--debug', 'roles', 'get', '1'], 'roles'],
    [['help', 'partners'], 'partners'],
    [['--help'], undefined],
    [[], undefined],
  ])('%j names %s', (argv, expected) => {
    expect(commandName(argv)).toBe(expected);
  });

  it('loads only the named command in full and lists the rest by summary', async () => {
    const program = await buildProgram({ io: {} as never, env: {} }, ['settings', 'list']);
    const settings = program.commands.find((c) => c.name() === 'settings')!;
    const users = program.commands.find((c) => c.name() === 'users')!;
    expect(settings.commands.map((c) => c.name())).toEqual(['list', 'get', 'put', 'delete']);
    expect(users.commands).toEqual([]);
    expect(users.summary()).toBe('List, invite, update and remove users');
  });

  it('lists every top-level command with the summary its module declares', async () => {
    const full = await buildProgram({ io: {} as never, env: {} });
    expect(full.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    for (const entry of COMMANDS) {
      const loaded = await entry.load();
      if ('verb' in loaded) expect(loaded.verb.summary, entry.name).toBe(entry.summary);
      else expect(loaded.noun.verbs.length + (loaded.noun.nouns?.length ?? 0), entry.name).toBeGreaterThan(0);
    }
  });
});
