import { Option, type Command } from '@commander-js/extra-typings';
import { isPlanned, type Http } from '../../api/types.js';
import { INVITE_LANGUAGES, inviteUser, type InviteLanguage, type UserInvitation } from '../../api/user.js';
import { bulkFlags } from '../../bulk/flags.js';
import { inputFlags, type InputFlags } from '../../bulk/input.js';
import { reportView } from '../../bulk/report.js';
import { DEFAULT_CONCURRENCY, runBulk, type BulkFlags, type BulkRows } from '../../bulk/runner.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { compact, oneOf, validEmail } from '../../input.js';
import { DEFAULT_WINDOW, eachRecord } from '../../paging.js';
import { resolveRoleIds } from '../../resolve/roles.js';
import { collect, defineVerb } from '../define.js';
import { readInviteRows, type InviteRow, type RowDefaults } from './invite-rows.js';
import { findUserByEmail, USER_PAGE_SIZE, userPages } from '../../resolve/users.js';
import { USER_VIEW } from './views.js';

export interface InviteOptions extends CommonFlags, InputFlags, BulkFlags {
  email?: string;
  role?: string[];
  roles?: string[];
  language?: string;
  fromFile?: string;
  skipInvalid?: boolean;
  skipExisting?: boolean;
}

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
    super(`${rows.length} of ${total} rows in ${file === '-' ? 'stdin' : `"${file}"`} are invalid; nothing was sent:\n${listed.join('\n')}`, {
      hint: 'Fix these rows, or pass --skip-invalid to invite only the valid ones.',
    });
  }

  override toJSON() {
    return { ...super.toJSON(), invalid_rows: this.rows.map((r) => ({ where: r.where, email: r.email, problem: r.problem })) };
  }
}

export async function invite(ctx: Context, o: InviteOptions): Promise<void> {
  const language = o.language === undefined ? undefined : oneOf<InviteLanguage>(o.language.trim().toLowerCase(), INVITE_LANGUAGES, '--language');
  const roles = [...(o.role ?? []), ...(o.roles ?? [])];
  if (o.fromFile !== undefined) {
    if (o.email !== undefined) throw new UsageError('Pass --email or --from-file, not both.');
    await inviteFromFile(ctx, o, o.fromFile, { roles, language });
    return;
  }
  const bulkOnly = BULK_ONLY.filter(([key]) => o[key] !== undefined).map(([, flag]) => flag);
  if (bulkOnly.length) throw new UsageError(`${bulkOnly.join(', ')} only apply to --from-file.`);
  if (o.email === undefined && !ctx.canPrompt) {
    throw new UsageError('Missing --email.', { hint: 'Pass --email <address>, or --from-file <users.csv|.json|.ndjson> to invite many users.' });
  }
  const email = validEmail(await ctx.require(o.email, '--email', 'Email address to invite:'), '--email');
  const http = await ctx.http();
  const roleIds = roles.length ? await resolveRoleIds(http, roles, '--role') : undefined;
  const user = await inviteUser(http, compact({ email, roles: roleIds, language }));
  if (isPlanned(user)) return;
  ctx.out.info(`Invited ${email}; they get an email to activate their account.`);
  await ctx.out.record(user, USER_VIEW);
}

const BULK_ONLY: Array<[keyof InviteOptions, string]> = [
  ['skipInvalid', '--skip-invalid'],
  ['skipExisting', '--skip-existing'],
  ['concurrency', '--concurrency'],
  ['journal', '--journal'],
  ['resume', '--resume'],
  ['inputFormat', '--input-format'],
  ['delimiter', '--delimiter'],
];

async function inviteFromFile(ctx: Context, o: InviteOptions, file: string, defaults: RowDefaults): Promise<void> {
  await runBulk(
    ctx,
    {
      progress: 'Inviting',
      name: 'users-invite',
      itemHeader: 'Email',
      rows: await inviteBulkRows(ctx, o, file, defaults),
      send: async (invitation, http) => {
        const user = await inviteUser(http, invitation);
        return isPlanned(user) ? undefined : { id: user.id };
      },
      // An invitation in flight when a run stopped may have gone through: the user exists then.
      check: async (invitation, http) => {
        const user = await findUserByEmail(http, String(invitation.email));
        return user ? { id: user.id } : undefined;
      },
    },
    o,
    reportView('Email'),
  );
}

/**
 * The file's rows for the runner, made from the compact InviteRows when the runner asks for one:
 * the parsed rows are never all in memory as objects (a big file's memory).
 */
async function inviteBulkRows(ctx: Context, o: InviteOptions, file: string, defaults: RowDefaults): Promise<BulkRows<UserInvitation>> {
  const rows = await readInviteRows(ctx, file, defaults, o);
  const invalid = rows.invalid();
  if (invalid.length && !o.skipInvalid) throw new InvalidRowsError(file, rows.length, invalid);
  const existing = o.skipExisting ? await existingUsers(await ctx.http(), Math.min(DEFAULT_WINDOW, o.concurrency ?? DEFAULT_CONCURRENCY)) : new Map<string, string | undefined>();
  return {
    length: rows.length,
    at: (i) => {
      const row = rows.at(i);
      if (!row) return undefined;
      const item = row.email;
      const lower = item.toLowerCase();
      // Most addresses are lower case already: the key is then the same string, not a copy.
      const key = (lower === item ? item : lower) || row.where;
      if (row.invitation === undefined) return { row: row.where, item, key, status: 'skipped', reason: `invalid: ${row.problem}` };
      if (existing.has(key)) {
        const known = existing.get(key);
        return { row: row.where, item, key, status: 'skipped', reason: `already exists${known ? ` (user ${known})` : ''}` };
      }
      return { row: row.where, item, key, work: row.invitation };
    },
  };
}

/** Every user of the organization, read once with up to `window` pages in flight: lower-cased email → id. */
async function existingUsers(http: Http, window: number): Promise<Map<string, string | undefined>> {
  const byEmail = new Map<string, string | undefined>();
  for await (const user of eachRecord(userPages(http), { pageSize: USER_PAGE_SIZE, maxRecords: http.limits.maxRecords, window })) {
    if (user.email) byEmail.set(user.email.toLowerCase(), user.id);
  }
  return byEmail;
}

export default defineVerb({
  name: 'invite',
  summary: 'Invite a user by email, or many from a CSV/JSON/NDJSON file',
  description: [
    'Invite a user (POST /v2/users/invite); they get an email to activate their account.',
    'With --from-file, invite many: CSV with the header email,roles,language (delimiter , ; or tab, detected from the header; roles separated by ";" or "|"), a JSON array or NDJSON lines of {"email", "roles": [...], "language"}. `--from-file -` reads stdin. --role and --language apply to rows that leave them empty. Columns may also be named role (as --role), E-Mail or lang; other columns are ignored with a warning; languages may be in any case.',
    'Roles are given by id, slug or name (any case) and resolved against one read of the organization\'s roles. Every row is checked before anything is sent. Invalid rows (a bad email, an unknown role, an address repeated with different roles) are listed with their line (CSV, counting the header; NDJSON) or item number (JSON array, from 1) and nothing is sent, unless --skip-invalid. Identical repeated rows are merged.',
    'Each row is reported as done, skipped, failed, not sent or unknown: a table, TSV rows when piped, a JSON array with --json; the exit code is 1 when any row failed. Each outcome is also appended to a journal (--journal, or a new file under $XDG_STATE_HOME/epi/runs); after Ctrl-C or a failure, --resume <journal> runs the same file again and skips the rows already done.',
  ].join('\n\n'),
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    bulkFlags(
      inputFlags(
        cmd
          .option('--email <email>', 'email address to invite')
          .option('--role <role>', 'role to give, by id, slug or name (repeatable, or comma-separated)', collect)
          .addOption(new Option('--roles <roles>', 'same as --role').argParser(collect).hideHelp())
          .option('--language <lang>', `language of the invitation email: ${INVITE_LANGUAGES.join(' or ')}`)
          .option('--from-file <path|->', 'invite every row of a CSV, JSON or NDJSON file; - reads stdin')
          .option('--skip-invalid', 'with --from-file: invite the valid rows and report the invalid ones as skipped')
          .option('--skip-existing', 'with --from-file: skip emails that already have a user (read once before inviting)'),
      ),
    ),
  examples: [
    'epi users invite --email anna@acme.example --role owner --language de',
    'epi users invite --from-file new-users.csv --skip-existing',
    'epi users invite --from-file - --input-format csv < export.txt',
    'epi users invite --from-file new-users.csv --resume ~/.local/state/epi/runs/2026-11-25T14-03-00-000Z-users-invite-4242.ndjson',
    'epi users invite --from-file new-users.ndjson --json | jq -r \'.[] | select(.status == "failed") | .item\'',
  ],
  run: invite,
});
