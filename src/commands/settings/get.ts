import type { Command } from '@commander-js/extra-typings';
import { getSettings } from '../../api/organization.js';
import type { CommonFlags, Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { defineVerb } from '../define.js';
import { ORG_FLAG } from './view.js';

export interface GetSettingOptions extends CommonFlags {
  org?: string;
}

export async function get(ctx: Context, o: GetSettingOptions, key: string): Promise<void> {
  const orgId = await ctx.orgId(o.org);
  const settings = await getSettings(await ctx.http(), orgId);
  if (!Object.hasOwn(settings, key)) {
    throw new NotFoundError(`No setting "${key}" in organization ${orgId}.`, { hint: 'See the keys with `epi settings list`.' });
  }
  ctx.out.value(settings[key]);
}

export default defineVerb({
  name: 'get <key>',
  summary: 'Print one setting value (strings raw, everything else as JSON)',
  json: true,
  flags: (cmd: Command) => cmd.option(...ORG_FLAG),
  examples: ['epi settings get default_language', 'epi settings get double_opt_in --json'],
  run: get,
});
