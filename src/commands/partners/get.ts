import type { Command } from '@commander-js/extra-typings';
import { batchGetAssignables, type BatchGetItem } from '../../api/partner-directory.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { inputName, readJsonInput } from '../../input.js';
import type { IO } from '../../runtime.js';
import { isEmail, resolveUserId } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { USER_FLAG } from '../flags.js';
import { ASSIGNABLE_VIEW } from './views.js';

export interface GetAssignablesOptions extends CommonFlags {
  user?: string;
  group?: string;
  /** The user's or group's organization: part of the item looked up, so not --org. */
  inOrg?: string;
  fromFile?: string;
}

const ITEM_KEYS = ['user_id', 'group_id', 'org_id'];

/** One item: a user or a group, with an optional org (the API defaults it to yours). */
function checkItem(item: unknown, where: string): BatchGetItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new UsageError(`${where} must be an object with "user_id" or "group_id".`);
  const rec = item as Record<string, unknown>;
  for (const [k, v] of Object.entries(rec)) {
    if (!ITEM_KEYS.includes(k)) throw new UsageError(`${where} has "${k}"; only ${ITEM_KEYS.join(', ')} are allowed.`);
    if (typeof v !== 'string' || !v.trim()) throw new UsageError(`${where}.${k} must be a non-empty string.`);
  }
  if ((rec.user_id === undefined) === (rec.group_id === undefined)) throw new UsageError(`${where} needs exactly one of "user_id" and "group_id".`);
  return rec as BatchGetItem;
}

export async function batchItems(o: GetAssignablesOptions, io: IO): Promise<[BatchGetItem, ...BatchGetItem[]]> {
  if (o.fromFile) {
    if (o.user !== undefined || o.group !== undefined || o.inOrg !== undefined) {
      throw new UsageError('--from-file cannot be combined with --user, --group or --in-org.', { hint: 'Put every item in the file, or use flags for one item.' });
    }
    const items = await readJsonInput(o.fromFile, '--from-file', io);
    if (!Array.isArray(items) || items.length === 0) {
      throw new UsageError(`${inputName(o.fromFile, '--from-file')} must contain a non-empty JSON array.`, { hint: 'e.g. [{"user_id": "456", "org_id": "123"}, {"group_id": "g-1"}]' });
    }
    const [first, ...rest] = items.map((item, i) => checkItem(item, `--from-file item [${i}]`));
    return [first!, ...rest];
  }
  if ((o.user === undefined) === (o.group === undefined)) {
    throw new UsageError('Pass --user <user> or --group <id> (one of them), or --from-file for many.');
  }
  if (o.user !== undefined && isEmail(o.user) && o.inOrg !== undefined) {
    throw new UsageError(`--user "${o.user.trim()}" is an email; emails are looked up only among your own organization's users.`, {
      hint: 'Pass the user id with --in-org, or leave out --in-org for a user of your organization.',
    });
  }
  const item: Record<string, string | undefined> = { user_id: o.user, group_id: o.group, org_id: o.inOrg };
  return [checkItem(Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)), 'the item')];
}

export async function get(ctx: Context, o: GetAssignablesOptions): Promise<void> {
  const items = await batchItems(o, ctx.io);
  const http = await ctx.http();
  if (o.user !== undefined) items[0].user_id = await resolveUserId(http, o.user, { flag: '--user' });
  await ctx.out.list(await batchGetAssignables(http, items), ASSIGNABLE_VIEW);
}

export default defineVerb({
  name: 'get',
  summary: 'Look up assignable users and groups by id',
  description:
    'Look up assignable users and groups by id, in one request (Partner Directory API: POST /v1/partners/assignables:batchGet).\nOne item with --user or --group (and --in-org, which defaults to yours), or many with --from-file.',
  json: true,
  flags: (cmd: Command) =>
    cmd
      .option(USER_FLAG[0], 'the user to look up, by id or email (an email only in your own organization)')
      .option('--group <group-id>', 'the group to look up')
      .option('--in-org <org-id>', "the user's or group's organization (default: yours)")
      .option('--from-file <path|->', 'a JSON array of {"user_id" | "group_id", "org_id"} items (a file, or - for stdin)'),
  examples: ['epi partners get --user 456 --in-org 123', 'epi partners get --user dora@acme.example', 'epi partners get --from-file ids.json --json'],
  run: get,
});
