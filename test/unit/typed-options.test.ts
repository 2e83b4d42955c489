/**
 * Typed flags, proved by the type checker (`npm run typecheck` is part of `npm test`): each
 * `@ts-expect-error` below must meet a compile error, or tsc fails with "Unused '@ts-expect-error'
 * directive". The runtime assertions only show the checked verbs are ordinary values.
 */
import { Option, type Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { defineVerb } from '../../src/commands/define.js';
import type { CommonFlags, Context } from '../../src/context.js';
import { pagingFlags, type PageFlags } from '../../src/paging.js';

interface UpdateOptions extends CommonFlags {
  displayName?: string;
  limit?: number;
  language?: 'en' | 'de';
}
async function update(_ctx: Context, o: UpdateOptions, id: string): Promise<void> {
  void [o.displayName, o.limit, o.language, id];
}
const limit = (v: string) => Number(v);

describe('defineVerb checks the options of run against the flags', () => {
  it('accepts flags that match the options field for field', () => {
    const verb = defineVerb({
      name: 'update <id>',
      summary: 's',
      json: true,
      flags: (cmd: Command) =>
        cmd.option('--display-name <name>', 'd').option('--limit <n>', 'd', limit).addOption(new Option('--language <l>', 'd').choices(['en', 'de'] as const)),
      run: update,
    });
    expect(verb.name).toBe('update <id>');
  });

  it('rejects a renamed flag, although its field is optional', () => {
    // @ts-expect-error --name gives `name`, and run reads `displayName`
    const verb = defineVerb({
      name: 'update <id>',
      summary: 's',
      flags: (cmd: Command) => cmd.option('--name <name>', 'd').option('--limit <n>', 'd', limit).addOption(new Option('--language <l>', 'd').choices(['en', 'de'] as const)),
      run: update,
    });
    expect(verb.run).toBe(update);
  });

  it('rejects a removed flag, a flag of another type and a flag without a field', () => {
    // @ts-expect-error --display-name is gone
    defineVerb({ name: 'u', summary: 's', flags: (cmd: Command) => cmd.option('--limit <n>', 'd', limit).addOption(new Option('--language <l>', 'd').choices(['en', 'de'] as const)), run: update });
    // @ts-expect-error --limit without its parser gives a string, and run reads a number
    defineVerb({ name: 'u', summary: 's', flags: (cmd: Command) => cmd.option('--display-name <name>', 'd').option('--limit <n>', 'd').addOption(new Option('--language <l>', 'd').choices(['en', 'de'] as const)), run: update });
    // @ts-expect-error --verbose has no field in UpdateOptions
    defineVerb({ name: 'u', summary: 's', flags: (cmd: Command) => cmd.option('--display-name <name>', 'd').option('--limit <n>', 'd', limit).addOption(new Option('--language <l>', 'd').choices(['en', 'de'] as const)).option('--verbose', 'd'), run: update });
    // @ts-expect-error any language, where run accepts only en and de
    defineVerb({ name: 'u', summary: 's', flags: (cmd: Command) => cmd.option('--display-name <name>', 'd').option('--limit <n>', 'd', limit).option('--language <l>', 'd'), run: update });
  });

  it('rejects options that no flag declares, and flags whose types were not inferred', () => {
    const listAll = async (_ctx: Context, o: PageFlags & { query?: string }): Promise<void> => void o;
    // @ts-expect-error --query is not declared
    defineVerb({ name: 'list', summary: 's', flags: (cmd: Command) => pagingFlags(cmd), run: listAll });
    // @ts-expect-error without `(cmd: Command)` the flags' types are not inferred, so nothing is declared
    defineVerb({ name: 'list', summary: 's', flags: (cmd) => pagingFlags(cmd.option('--query <text>', 'd')), run: listAll });
    const ok = defineVerb({ name: 'list', summary: 's', flags: (cmd: Command) => pagingFlags(cmd.option('--query <text>', 'd')), run: listAll });
    expect(ok.summary).toBe('s');
  });
});
