import type { Http } from '../../api/types.js';
import { INVITE_LANGUAGES, type InviteLanguage, type UserInvitation } from '../../api/user.js';
import { streamInputRows, type InputFlags } from '../../bulk/input.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { oneOf, validEmail } from '../../input.js';
import { loadRoleIndex } from '../../resolve/roles.js';

/** One row of a bulk-invite file, valid (`invitation`) or not (`problem`), in file order. */
export interface InviteRow {
  /** Where the row is, for people fixing the file: "line 4" (CSV with its header, NDJSON) or "item 3" (JSON array, from 1). */
  where: string;
  email: string;
  invitation?: UserInvitation;
  problem?: string;
}

/** What --role and --language give to rows that leave those fields empty. */
export interface RowDefaults {
  roles: string[];
  language?: InviteLanguage;
}

export const INVITE_FIELDS = ['email', 'roles', 'language'];

/**
 * Reads and validates every row of a users file before anything is sent: CSV/JSON/NDJSON from a file
 * or stdin (bulk/input.ts), languages in any case, roles by id, slug or name resolved against one
 * read of the org's roles. Identical duplicate rows are merged with a warning; an address given
 * twice with different roles or language makes the later row invalid, naming both lines.
 *
 * The file is read as a stream and each row is kept as its strings and one invitation; rows that
 * name the same roles share one array. That, and a set of the addresses seen, is all the memory a
 * 100,000-row file costs here.
 */
export async function readInviteRows(ctx: Context, path: string, defaults: RowDefaults, flags: InputFlags): Promise<InviteRow[]> {
  const input = await streamInputRows(ctx, path, flags, INVITE_FIELDS);
  if (input.header && !input.header.includes('email')) {
    await input.close();
    throw new UsageError(`The header of --from-file ${path === '-' ? 'stdin' : `"${path}"`} has no "email" column.`, {
      hint: 'Start the file with a header line such as: email,roles,language (roles separated by ";" or "|"; roles and language may be left empty).',
    });
  }
  const rows: InviteRow[] = [];
  // Until the roles are resolved, `invitation.roles` holds the role references as written.
  const refLists = new Interned<string[]>();
  // Lower-cased address → the index of its first row, and what that row asks for (language and roles).
  const first = new Map<string, number>();
  const asks: string[] = [];
  const askOf = new Interned<string>();
  const merged: string[] = [];
  let mergedCount = 0;
  for await (const r of input.rows) {
    if (r.problem !== undefined) {
      rows.push({ where: r.where, email: '', problem: r.problem });
      continue;
    }
    const row = parseRow(r.where, r.fields, defaults, refLists);
    if (row.invitation) {
      const key = row.email.toLowerCase();
      const ask = askOf.get(`${row.invitation.language ?? ''}\n${[...(row.invitation.roles ?? [])].sort().join('\n').toLowerCase()}`, (a) => a);
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, rows.length);
        asks[rows.length] = ask;
      } else if (asks[earlier] === ask) {
        if (++mergedCount <= 5) merged.push(`${row.where} (same as ${rows[earlier]!.where})`);
        continue;
      } else {
        rows.push({ where: row.where, email: row.email, problem: `${row.email} is also on ${rows[earlier]!.where}, with different roles or language` });
        continue;
      }
    }
    rows.push(row);
  }
  if (mergedCount) ctx.out.warn(`Merged ${mergedCount} identical duplicate ${mergedCount === 1 ? 'row' : 'rows'}: ${merged.join(', ')}${mergedCount > 5 ? ', ...' : ''}.`);
  first.clear();
  await resolveRoles(await ctx.http(), rows);
  return rows;
}

function parseRow(where: string, fields: Record<string, unknown>, defaults: RowDefaults, refLists: Interned<string[]>): InviteRow {
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  const fail = (problem: string): InviteRow => ({ where, email, problem });
  if (blank(fields.email)) return fail('email is missing');
  if (typeof fields.email !== 'string') return fail('email must be a string');
  try {
    validEmail(email, 'email');
    const roleRefs = blank(fields.roles) ? defaults.roles : roleRefsOf(fields.roles);
    // Enum values in any case: a spreadsheet's "DE" is "de".
    const given = blank(fields.language) ? undefined : oneOf<InviteLanguage>(String(fields.language).trim().toLowerCase(), INVITE_LANGUAGES, 'language');
    // The list's own string rather than this row's copy: one string for every row.
    const language = given === undefined ? defaults.language : INVITE_LANGUAGES.find((l) => l === given);
    const invitation: UserInvitation = { email };
    if (roleRefs.length) invitation.roles = refLists.get(roleRefs.join('\n'), () => roleRefs);
    if (language) invitation.language = language;
    return { where, email, invitation };
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message.replace(/\.$/, ''));
    throw error;
  }
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** Roles are a JSON array of strings, or text separated by ";", "|" or ",". */
function roleRefsOf(value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(/[;|,]/) : Array.isArray(value) ? value : undefined;
  if (!list || list.some((r) => typeof r !== 'string')) throw new UsageError('roles must be roles separated by ";" or a JSON array of strings');
  return [...new Set(list.map((r: string) => r.trim()).filter(Boolean))];
}

/** One shared value per distinct key: 100,000 rows naming the same roles hold one array. */
class Interned<T> {
  private readonly values = new Map<string, T>();

  get(key: string, make: (key: string) => T): T {
    let value = this.values.get(key);
    if (value === undefined) this.values.set(key, (value = make(key)));
    return value;
  }
}

/**
 * Every role reference of every row, resolved against one read of the org's roles, once per
 * distinct list: a row with an unknown role becomes invalid, naming the closest matches.
 */
async function resolveRoles(http: Http, rows: InviteRow[]): Promise<void> {
  if (!rows.some((r) => r.invitation?.roles)) return;
  const index = await loadRoleIndex(http);
  const resolved = new Map<string[], string[] | { problem: string }>();
  rows.forEach((r, i) => {
    const refs = r.invitation?.roles;
    if (!refs) return;
    let ids = resolved.get(refs);
    if (ids === undefined) {
      const problems = refs.map((ref) => index.problem(ref)).filter((p): p is string => p !== undefined);
      ids = problems.length ? { problem: problems.join('; ') } : [...new Set(refs.map((ref) => index.resolve(ref)!))];
      resolved.set(refs, ids);
    }
    if (Array.isArray(ids)) r.invitation!.roles = ids;
    else rows[i] = { where: r.where, email: r.email, problem: ids.problem };
  });
}
