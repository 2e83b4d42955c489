import type { Command } from '@commander-js/extra-typings';
import { updateUser, type UserPatch } from '../../api/user.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { compact, readJsonObjectInput, validEmail } from '../../input.js';
import type { IO } from '../../runtime.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { resolveUserId } from '../../resolve/users.js';
import { USER_VIEW } from './views.js';

export interface UpdateUserOptions extends CommonFlags {
  displayName?: string;
  department?: string;
  phone?: string;
  secondaryPhone?: string;
  preferredLanguage?: string;
  signature?: string;
  customStartPage?: string;
  fromFile?: string;
}

const FIELD_FLAGS = '--display-name, --department, --phone, --secondary-phone, --preferred-language, --signature, --custom-start-page';

/** The API accepts start pages inside the app only (pattern ^/app). */
function startPage(value: string, what: string): string {
  if (!value.startsWith('/app')) throw new UsageError(`${what} "${value}" is not a page of the epilot app.`, { hint: 'Use a path that starts with /app, e.g. /app/dashboard.' });
  return value;
}

/** Nullable fields are cleared with an empty value (--phone ""); required ones cannot be. */
function clearable(value: string | undefined): string | null | undefined {
  return value === '' ? null : value;
}

function required(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && !value.trim()) throw new UsageError(`${flag} cannot be empty.`);
  return value;
}

/** Builds the PATCH body: only what was given, validated before anything is sent. */
export async function userPatch(o: UpdateUserOptions, io: IO): Promise<UserPatch> {
  const flagged = {
    display_name: required(o.displayName, '--display-name'),
    department: clearable(o.department),
    phone: clearable(o.phone),
    secondary_phone: clearable(o.secondaryPhone),
    preferred_language: required(o.preferredLanguage, '--preferred-language'),
    signature: clearable(o.signature),
    custom_start_page: o.customStartPage ? startPage(o.customStartPage, '--custom-start-page') : clearable(o.customStartPage),
  };
  const patch = compact(flagged);
  if (o.fromFile) {
    if (Object.keys(patch).length) throw new UsageError('--from-file cannot be combined with field flags.', { hint: 'Put every field in the file, or use flags only.' });
    const body = await readJsonObjectInput(o.fromFile, io);
    if (typeof body.email === 'string') validEmail(body.email, 'email in --from-file');
    if (typeof body.custom_start_page === 'string') startPage(body.custom_start_page, 'custom_start_page in --from-file');
    if (Object.keys(body).length === 0) throw new UsageError(`--from-file "${o.fromFile}" is an empty object; nothing to update.`);
    return body as UserPatch;
  }
  if (Object.keys(patch).length === 0) throw new UsageError('Nothing to update.', { hint: `Pass at least one of ${FIELD_FLAGS}, or --from-file <path|->.` });
  return patch as UserPatch;
}

export async function update(ctx: Context, o: UpdateUserOptions, ref: string): Promise<void> {
  const patch = await userPatch(o, ctx.io);
  const http = await ctx.http();
  const user = await updateUser(http, await resolveUserId(http, ref), patch);
  if (isPlanned(user)) return;
  await ctx.out.record(user, USER_VIEW);
}

export default defineVerb({
  name: 'update <user>',
  summary: 'Change a user\'s profile (sends only the fields you give)',
  description: `Change a user's profile with PATCH /v2/users/{id}. An empty value clears department, phones, signature and start page.\n${USER_ARG_HELP}`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--display-name <name>', 'display name')
      .option('--department <name>', 'department ("" clears it)')
      .option('--phone <number>', 'phone number ("" clears it)')
      .option('--secondary-phone <number>', 'secondary phone number, preferred for communication ("" clears it)')
      .option('--preferred-language <lang>', 'preferred language, e.g. de or en')
      .option('--signature <html>', 'email signature (HTML; "" clears it)')
      .option('--custom-start-page <path>', 'page after login, e.g. /app/dashboard ("" clears it)')
      .option('--from-file <path|->', 'send this JSON as the whole PATCH body (a file, or - for stdin)'),
  examples: ['epi users update 10001 --display-name "Anna Schmidt" --department Sales', 'epi users update anna@acme.example --phone "" --dry-run'],
  run: update,
});
