import { InvalidArgumentError } from 'commander';
import { isPlanned, type Http } from '../../api/types.js';
import { INVITE_LANGUAGES, inviteUser, type InviteLanguage, type UserInvitation } from '../../api/user.js';
import { runBulk } from '../../bulk.js';
import type { CommonFlags, Context } from '../../context.js';
import { ApiError, AuthError, EpiError, UsageError } from '../../errors.js';
import { compact, oneOf, validEmail } from '../../input.js';
import type { View } from '../../output/printer.js';
import { paginate } from '../../paging.js';
import { collect, defineVerb } from '../define.js';
import { readInviteRows, type InviteRow, type RowDefaults } from './invite-rows.js';
import { USER_PAGE_SIZE, userPages } from './lookup.js';
import { USER_VIEW } from './views.js';

export interface InviteOptions extends CommonFlags {
  email?: string;
  roles?: string[];
  language?: string;
  fromFile?: string;
  skipInvalid?: boolean;
  skipExisting?: boolean;
  concurrency?: number;
}

/** One line of the bulk-invite report, in the order of the input file. */
export interface InviteResult {
  email: string;
  status: 'invited' | 'skipped' | 'failed';
  user_id?: string;
  /** Why a row was skipped: it already exists, or it is invalid (with --skip-invalid). */
  reason?: string;
  /** Why a row failed: the API's answer, or why it was never sent. */
  error?: string;
}

export const INVITE_RESULT_VIEW: View<InviteResult> = {
  columns: [
    { header: 'Email', value: (r) => r.email },
    { header: 'Status', value: (r) => r.status },
    { header: 'User ID', value: (r) => r.user_id },
    { header: 'Detail', value: (r) => r.error ?? r.reason },
  ],
  fields: ['email', 'status', 'user_id', 'reason', 'error'],
};

export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;
const SHOWN_PROBLEMS = 50;

/** Invalid rows without --skip-invalid: every one is listed, and --json gets them as data too. */
export class InvalidRowsError extends UsageError {
  constructor(
    file: string,
    total: number,
    readonly rows: InviteRow[],
  ) {
    const listed = rows.slice(0, SHOWN_PROBLEMS).map((r) => `  ${r.where}: ${r.problem}`);
    if (rows.length > SHOWN_PROBLEMS) listed.push(`  ... and ${rows.length - SHOWN_PROBLEMS} more`);
    super(`${rows.length} of ${total} rows in "${file}" are invalid; nothing was sent:\n${listed.join('\n')}`, {
      hint: 'Fix these rows, or pass --skip-invalid to invite only the valid ones.',
    });
  }

  override toJSON() {
    return { ...super.toJSON(), invalid_rows: this.rows.map((r) => ({ where: r.where, email: r.email, problem: r.problem })) };
  }
}

export async function invite(ctx: Context, o: InviteOptions): Promise<void> {
  const language = o.language === undefined ? undefined : oneOf<InviteLanguage>(o.language, INVITE_LANGUAGES, '--language');
  const roles = o.roles ?? [];
  if (o.fromFile !== undefined) {
    if (o.email !== undefined) throw new UsageError('Pass --email or --from-file, not both.');
    await inviteFromFile(ctx, o, o.fromFile, { roles, language });
    return;
  }
  const bulkOnly = [o.skipInvalid && '--skip-invalid', o.skipExisting && '--skip-existing', o.concurrency !== undefined && '--concurrency'].filter(Boolean);
  if (bulkOnly.length) throw new UsageError(`${bulkOnly.join(', ')} only apply to --from-file.`);
  if (o.email === undefined && !ctx.canPrompt) {
    throw new UsageError('Missing --email.', { hint: 'Pass --email <address>, or --from-file <users.csv|.json|.ndjson> to invite many users.' });
  }
  const email = validEmail(await ctx.require(o.email, '--email', 'Email address to invite:'), '--email');
  const user = await inviteUser(await ctx.http(), compact({ email, roles: roles.length ? roles : undefined, language }));
  if (isPlanned(user)) return;
  ctx.out.info(`Invited ${email}; they get an email to activate their account.`);
  await ctx.out.record(user, USER_VIEW);
}

async function inviteFromFile(ctx: Context, o: InviteOptions, file: string, defaults: RowDefaults): Promise<void> {
  const rows = await readInviteRows(file, defaults);
  const invalid = rows.filter((r) => r.problem !== undefined);
  if (invalid.length && !o.skipInvalid) throw new InvalidRowsError(file, rows.length, invalid);

  const http = await ctx.http();
  const existing = o.skipExisting ? await existingUsers(http) : new Map<string, string | undefined>();
  const results: InviteResult[] = [];
  const todo: Array<{ index: number; invitation: UserInvitation }> = [];
  for (const row of rows) {
    const key = row.email.toLowerCase();
    if (row.invitation === undefined) results.push({ email: row.email, status: 'skipped', reason: `invalid (${row.where}): ${row.problem}` });
    else if (existing.has(key)) results.push({ email: row.email, status: 'skipped', user_id: existing.get(key), reason: 'already exists' });
    else {
      todo.push({ index: results.length, invitation: row.invitation });
      results.push({ email: row.email, status: 'failed' }); // replaced once its invitation settles
    }
  }

  const progress = ctx.io.stderrIsTTY && !ctx.dryRun;
  const settled = await runBulk(todo, async ({ invitation }) => {
    const user = await inviteUser(http, invitation);
    return isPlanned(user) ? undefined : user.id;
  }, {
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    onSettled: progress ? (done, total) => ctx.io.stderr.write(`\rInviting users: ${done}/${total}`) : undefined,
    stopWhen: tokenRejected,
  });
  if (progress && todo.length) ctx.io.stderr.write('\r\u001b[2K');
  if (ctx.dryRun) return;

  let stoppedBy: unknown;
  settled.forEach((s, k) => {
    const { index } = todo[k]!;
    const { email } = results[index]!;
    if (s.ok) results[index] = { email, status: 'invited', user_id: s.value };
    else results[index] = { email, status: 'failed', error: s.attempted ? describeFailure(s.error) : `not sent: ${describeFailure(s.error)}` };
    if (!s.ok && !s.attempted) stoppedBy = s.error;
  });
  await ctx.out.list(results, INVITE_RESULT_VIEW);

  const count = (status: InviteResult['status']) => results.filter((r) => r.status === status).length;
  const failed = count('failed');
  ctx.out.info(`Invited ${count('invited')}, skipped ${count('skipped')}, failed ${failed} of ${results.length} rows.`);
  if (stoppedBy !== undefined) throw stoppedBy;
  if (failed) {
    throw new EpiError(`${failed} of ${results.length} invitations failed.`, {
      hint: 'Fix the cause, then rerun the same command with --skip-existing: users invited already are skipped.',
    });
  }
}

/** Every user of the organization, read once: lower-cased email → id. */
async function existingUsers(http: Http): Promise<Map<string, string | undefined>> {
  const byEmail = new Map<string, string | undefined>();
  for await (const user of paginate(userPages(http), { all: true }, USER_PAGE_SIZE)) {
    if (user.email) byEmail.set(user.email.toLowerCase(), user.id);
  }
  return byEmail;
}

/** A rejected token fails every row the same way: stop sending instead of failing each one. */
const tokenRejected = (error: unknown) => error instanceof AuthError || (error instanceof ApiError && error.status === 401);

function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return `${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function concurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new InvalidArgumentError(`--concurrency takes a whole number from 1 to ${MAX_CONCURRENCY}.`);
  return n;
}

export default defineVerb<InviteOptions>({
  name: 'invite',
  summary: 'Invite a user by email, or many from a CSV/JSON/NDJSON file',
  description: [
    'Invite a user (POST /v2/users/invite); they get an email to activate their account.',
    'With --from-file, invite many: a .csv with the header email,roles,language (roles separated by ";"), a .json array or .ndjson lines of {"email", "roles": [...], "language"}. --roles and --language apply to rows that leave them empty.',
    'Every row is checked before anything is sent. Invalid rows are listed with their line (CSV, counting the header; NDJSON) or item number (JSON array, from 1) and nothing is sent, unless --skip-invalid.',
    'Each row is reported as invited, skipped or failed: a table, TSV rows when piped, a JSON array with --json. The exit code is 1 when any row failed; a rerun with --skip-existing skips addresses that already have a user, so it is safe after a partial failure.',
  ].join('\n\n'),
  json: true,
  dryRun: true,
  flags: (cmd) =>
    cmd
      .option('--email <email>', 'email address to invite')
      .option('--roles <role-ids>', 'role ids to give (repeatable, or comma-separated)', collect)
      .option('--language <lang>', `language of the invitation email: ${INVITE_LANGUAGES.join(' or ')}`)
      .option('--from-file <file>', 'invite every row of a .csv, .json or .ndjson file')
      .option('--skip-invalid', 'with --from-file: invite the valid rows and report the invalid ones as skipped')
      .option('--skip-existing', 'with --from-file: skip emails that already have a user (read once before inviting)')
      .option('--concurrency <n>', `with --from-file: invitations sent at once (default: ${DEFAULT_CONCURRENCY})`, concurrency),
  examples: [
    'epi users invite --email anna@acme.example --roles 739224:owner --language de',
    'epi users invite --from-file new-users.csv --skip-existing',
    'epi users invite --from-file new-users.ndjson --json | jq -r \'.[] | select(.status == "failed") | .email\'',
  ],
  run: invite,
});
