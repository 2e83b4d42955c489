import type { CommonFlags, Context } from '../../context.js';
import type { View } from '../../output/printer.js';
import { defineVerb } from '../define.js';
import { effectiveSettings, type EffectiveSetting } from './keys.js';

const VIEW: View<EffectiveSetting> = {
  columns: [
    { header: 'Key', value: (r) => r.key },
    { header: 'Value', value: (r) => r.value },
    { header: 'Source', value: (r) => r.source },
  ],
};

export async function list(ctx: Context, _opts: CommonFlags): Promise<void> {
  const rows = await effectiveSettings(ctx);
  const s = await ctx.session();
  if (ctx.out.json) {
    await ctx.out.record({ profile: s.profileName, ...Object.fromEntries(rows.map((r) => [r.key, r.value])) });
    return;
  }
  ctx.out.info(`Profile "${s.profileName}" (${s.config.path})`);
  await ctx.out.list(rows, VIEW);
}

export default defineVerb({
  name: 'list',
  summary: "Show the profile's settings and where each value comes from",
  aliases: ['ls'],
  json: true,
  run: list,
});
