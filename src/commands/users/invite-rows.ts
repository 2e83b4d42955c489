import type { Http } from '../../api/types.js';
import { INVITE_LANGUAGES, type InviteLanguage, type UserInvitation } from '../../api/user.js';
import { readInputRows, type InputFlags } from '../../bulk/input.js';
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

/** A row before its roles are resolved: role references as written. */
interface ParsedRow {
  where: string;
  email: string;
  roleRefs: string[];
  language?: InviteLanguage;
  problem?: string;
}

/**
 * Reads and validates every row of a users file before anything is sent: CSV/JSON/NDJSON from a file
 * or stdin (bulk/input.ts), languages in any case, roles by id, slug or name resolved against one
 * read of the org's roles. Identical duplicate rows are merged with a warning; an address given
 * twice with different roles or language makes the later row invalid, naming both lines.
 */
export async function readInviteRows(ctx: Context, path: string, defaults: RowDefaults, flags: InputFlags): Promise<InviteRow[]> {
  const input = await readInputRows(ctx, path, flags, INVITE_FIELDS);
  if (input.header && !input.header.includes('email')) {
    throw new UsageError(`The header of --from-file ${path === '-' ? 'stdin' : `"${path}"`} has no "email" column.`, {
      hint: 'Start the file with a header line such as: email,roles,language (roles separated by ";" or "|"; roles and language may be left empty).',
    });
  }
  const parsed: ParsedRow[] = input.rows.map((r) => (r.problem !== undefined ? { where: r.where, email: '', roleRefs: [], problem: r.problem } : parseRow(r.where, r.fields, defaults)));

  const merged = mergeDuplicates(parsed);
  if (merged.length) {
    const shown = merged.slice(0, 5).map((m) => `${m.where} (same as ${m.first})`);
    ctx.out.warn(`Merged ${merged.length} identical duplicate ${merged.length === 1 ? 'row' : 'rows'}: ${shown.join(', ')}${merged.length > 5 ? ', ...' : ''}.`);
  }
  const dropped = new Set(merged.map((m) => m.row));
  const rows = parsed.filter((r) => !dropped.has(r));
  return resolveRoles(await ctx.http(), rows);
}

function parseRow(where: string, fields: Record<string, unknown>, defaults: RowDefaults): ParsedRow {
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  const fail = (problem: string): ParsedRow => ({ where, email, roleRefs: [], problem });
  if (blank(fields.email)) return fail('email is missing');
  if (typeof fields.email !== 'string') return fail('email must be a string');
  try {
    validEmail(email, 'email');
    const roleRefs = blank(fields.roles) ? defaults.roles : roleRefsOf(fields.roles);
    // Enum values in any case: a spreadsheet's "DE" is "de".
    const language = blank(fields.language) ? defaults.language : oneOf<InviteLanguage>(String(fields.language).trim().toLowerCase(), INVITE_LANGUAGES, 'language');
    return { where, email, roleRefs, language };
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

/**
 * Rows that repeat an earlier row's address: identical ones are dropped (returned, for the
 * warning), different ones become invalid, naming the line they conflict with.
 */
function mergeDuplicates(rows: ParsedRow[]): Array<{ row: ParsedRow; where: string; first: string }> {
  const first = new Map<string, ParsedRow>();
  const merged: Array<{ row: ParsedRow; where: string; first: string }> = [];
  for (const row of rows) {
    if (row.problem !== undefined) continue;
    const key = row.email.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, row);
      continue;
    }
    const same = earlier.language === row.language && [...earlier.roleRefs].sort().join('\n').toLowerCase() === [...row.roleRefs].sort().join('\n').toLowerCase();
    if (same) merged.push({ row, where: row.where, first: earlier.where });
    else row.problem = `${row.email} is also on ${earlier.where}, with different roles or language`;
  }
  return merged;
}

/** Every role reference of every row, resolved against one read of the org's roles. */
async function resolveRoles(http: Http, rows: ParsedRow[]): Promise<InviteRow[]> {
  const anyRoles = rows.some((r) => r.problem === undefined && r.roleRefs.length);
  const index = anyRoles ? await loadRoleIndex(http) : undefined;
  return rows.map((r): InviteRow => {
    if (r.problem !== undefined) return { where: r.where, email: r.email, problem: r.problem };
    const problems = index ? r.roleRefs.map((ref) => index.problem(ref)).filter((p): p is string => p !== undefined) : [];
    if (problems.length) return { where: r.where, email: r.email, problem: problems.join('; ') };
    const invitation: UserInvitation = { email: r.email };
    if (index && r.roleRefs.length) invitation.roles = [...new Set(r.roleRefs.map((ref) => index.resolve(ref)!))];
    if (r.language) invitation.language = r.language;
    return { where: r.where, email: r.email, invitation };
  });
}
