import { Option, type Command } from '@commander-js/extra-typings';
import type { CommonFlags, Context } from '../../context.js';
import { configDir } from '../../config/store.js';
import { SEEDS, type Seed } from '../../emulator/tokens.js';
import { defineVerb } from '../define.js';

export interface ResetOptions extends CommonFlags {
  seed?: Seed;
}

/** Starts the local emulator over: its state file is replaced by a fresh seed, and the demo profiles exist. */
export async function reset(ctx: Context, o: ResetOptions): Promise<void> {
  const seed = o.seed ?? 'demo';
  const { resetState, stateFile } = await import('../../emulator/local.js');
  const { createDemoProfiles } = await import('../../emulator/profiles.js');
  const file = stateFile(configDir(ctx.env));
  await ctx.confirm(`Replace the local emulator's data (${file}) with the ${seed} seed?`);
  await resetState(file, seed);
  const created = await createDemoProfiles(await ctx.config());
  ctx.out.info(`The local emulator now holds the ${seed} seed (${file}).${created.length ? ` Created profiles ${created.join(' and ')}.` : ''}`);
  ctx.out.info('Try: epi --env local users list');
}

export default defineVerb({
  name: 'reset',
  summary: "Start the local emulator over with fresh invented data (asks first; --yes in scripts)",
  description: [
    'Replace the local emulator\'s state with a fresh seed. "demo" (the default) holds a production org and its sandbox,',
    'about 25 users with roles and groups, settings, a partner organization with users, and a few audit events, all',
    'invented. "empty" holds the two orgs and their admins only. Also creates the profiles local-prod and local-sandbox.',
  ].join('\n'),
  confirm: true,
  flags: (cmd: Command) => cmd.addOption(new Option('--seed <seed>', 'demo or empty (default: demo)').choices(SEEDS)),
  examples: ['epi emulator reset --yes', 'epi emulator reset --seed empty --yes'],
  run: reset,
});
