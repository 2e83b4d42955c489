import type { Command } from '@commander-js/extra-typings';
import { putUserSetting } from '../../../api/user-me.js';
import { isPlanned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { UsageError } from '../../../errors.js';
import { stringifyJson } from '../../../exact-json.js';
import { defineVerb } from '../../define.js';
import { settingValue } from '../../settings/put.js';
import { printSetting, validScopeKey } from './view.js';

export interface PutMySettingOptions extends CommonFlags {
  string?: boolean;
  fromFile?: string;
}

/** The API's limit on a value, serialized as JSON. */
const MAX_VALUE_BYTES = 64 * 1024;

export async function put(ctx: Context, o: PutMySettingOptions, scope: string, key: string, value?: string): Promise<void> {
  validScopeKey(scope, key);
  const parsed = await settingValue(ctx, o, value);
  const size = Buffer.byteLength(stringifyJson(parsed));
  if (size > MAX_VALUE_BYTES) throw new UsageError(`The value is ${size} bytes as JSON; user settings hold at most ${MAX_VALUE_BYTES}.`);
  const saved = await putUserSetting(await ctx.http(), scope, key, parsed);
  if (isPlanned(saved)) return;
  ctx.out.info(`Set "${key}" in your "${scope}" settings.`);
  if (saved) await printSetting(ctx, saved);
  else ctx.out.value(parsed);
}

export default defineVerb({
  name: 'put <scope> <key> [value]',
  summary: 'Create or replace one of your settings (JSON values are sent as JSON)',
  description:
    'Create or replace one of your user settings. As with `epi settings put`, the value is sent as JSON when it is\nvalid JSON (true, 42, {"calendar_ids":["holidays"]}), otherwise as a JSON string. --string always sends a string;\n--from-file reads the value from a file. Numbers are sent exactly as written. Values are limited to 64 KiB.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd.option('--string', 'send the value as a string even if it looks like JSON').option('--from-file <path|->', 'read the value from a file, or - for stdin'),
  examples: [`epi me settings put calendar visible_calendars '{"calendar_ids":["holidays"]}'`, 'epi me settings put ui theme dark', 'epi me settings put ui layout --from-file layout.json'],
  run: put,
});
