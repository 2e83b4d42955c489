import type { Command } from '@commander-js/extra-typings';
import { putSettingsValue, type SettingsValue } from '../../api/organization.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { hasInexactNumber, parseExactJson } from '../../exact-json.js';
import { readInput } from '../../input.js';
import { defineVerb } from '../define.js';
import { ORG_FLAG } from './view.js';

export interface PutSettingOptions extends CommonFlags {
  org?: string;
  string?: boolean;
  fromFile?: string;
}

/**
 * A value is JSON when it parses as JSON (true, 42, {"a":1}); anything else, or --string, is a
 * string. Numbers are kept exactly as written, even those a JavaScript number would round
 * (4915112345678901234), with a warning that readers using JavaScript numbers may still round them.
 */
export async function settingValue(ctx: Context, o: { string?: boolean; fromFile?: string }, value: string | undefined): Promise<SettingsValue> {
  if (value !== undefined && o.fromFile) throw new UsageError('Give the value as an argument or with --from-file, not both.');
  const text = o.fromFile ? await readInput(o.fromFile, '--from-file', ctx.io) : value;
  if (text === undefined) throw new UsageError('Missing the setting value.', { hint: 'Pass it after the key, or use --from-file <path|->.' });
  const asText = (o.fromFile ? text.replace(/\r?\n$/, '') : text) as SettingsValue;
  if (o.string) return asText;
  let parsed: unknown;
  try {
    parsed = await parseExactJson(text);
  } catch {
    return asText;
  }
  if (hasInexactNumber(parsed)) {
    ctx.out.warn(
      'The value has a number with more digits than a JavaScript number holds; it is sent exactly as written, but a reader that uses JavaScript numbers may round it. Pass --string to store it as text.',
    );
  }
  return parsed as SettingsValue;
}

export async function put(ctx: Context, o: PutSettingOptions, key: string, value?: string): Promise<void> {
  if (!key.trim()) throw new UsageError('The setting key is empty.');
  const parsed = await settingValue(ctx, o, value);
  const orgId = await ctx.orgId(o.org);
  const result = await putSettingsValue(await ctx.http(), orgId, key, parsed);
  if (isPlanned(result)) return;
  ctx.out.info(`Set "${key}" in organization ${orgId}.`);
  ctx.out.value(result ?? parsed);
}

export default defineVerb({
  name: 'put <key> [value]',
  summary: 'Create or replace a setting (JSON values are sent as JSON)',
  description:
    'Create or replace a setting. The value is sent as JSON when it is valid JSON (true, 42, {"enabled":true}),\notherwise as a JSON string. --string always sends a string; --from-file reads the value from a file.\nNumbers are sent exactly as written, however many digits they have.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--string', 'send the value as a string even if it looks like JSON')
      .option('--from-file <path|->', 'read the value from a file, or - for stdin')
      .option(...ORG_FLAG),
  examples: ['epi settings put default_language de', `epi settings put double_opt_in '{"enabled":true}'`, 'epi settings put zip_code 01234 --string'],
  run: put,
});
