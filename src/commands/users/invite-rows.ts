import type { Http } from '../../api/types.js';
import { INVITE_LANGUAGES, type InviteLanguage, type UserInvitation } from '../../api/user.js';
import { streamInputRows, type InputFlags } from '../../bulk/input.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { oneOf, validEmail } from '../../input.js';
import { loadRoleIndex } from '../../resolve/roles.js';
import { TextColumn } from '../../bulk/text-column.js';

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
 * The rows of a bulk-invite file, in file order, kept compact: per row its place ("line 4") and
 * email as bytes (TextColumn), and the index of what it asks for (its role list and language, one
 * entry per distinct ask, shared by every row asking it). `at(i)` makes a row when it is asked
 * for; a 100,000-row file costs a few megabytes here, none of it as objects per row.
 */
export class InviteRows {
  private readonly wheres = new TextColumn();
  private readonly emails = new TextColumn();
  /** Per row, its index in `asked` plus one; 0 for an invalid row, whose problem is in `problems`. */
  private asks = new Uint32Array(1024);
  /** What rows ask for: role references as written (until resolveRoles makes them ids) and language. */
  readonly asked: Array<{ roles?: string[]; language?: InviteLanguage }> = [];
  private readonly problems = new Map<number, string>();
  length = 0;

  add(where: string, email: string, ask: number | { problem: string }): void {
    const i = this.length++;
    if (i >= this.asks.length) {
      const bigger = new Uint32Array(this.asks.length * 2);
      bigger.set(this.asks);
      this.asks = bigger;
    }
    this.wheres.set(i, where);
    this.emails.set(i, email);
    if (typeof ask === 'number') this.asks[i] = ask + 1;
    else this.problems.set(i, ask.problem);
  }

  at(i: number): InviteRow | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const where = this.wheres.get(i)!;
    const email = this.emails.get(i)!;
    const ask = this.asks[i]!;
    if (ask === 0) return { where, email, problem: this.problems.get(i)! };
    const { roles, language } = this.asked[ask - 1]!;
    // Built whole, as the API gets it: only the fields the row has.
    const invitation: UserInvitation = roles ? (language ? { email, roles, language } : { email, roles }) : language ? { email, language } : { email };
    return { where, email, invitation };
  }

  /** Row i's ask, or undefined for an invalid row. */
  askOf(i: number): number | undefined {
    return this.asks[i] ? this.asks[i]! - 1 : undefined;
  }

  /** Makes row i invalid (an unknown role). */
  fail(i: number, problem: string): void {
    this.asks[i] = 0;
    this.problems.set(i, problem);
  }

  /** The invalid rows, in file order. */
  invalid(): InviteRow[] {
    return [...this.problems.keys()].sort((a, b) => a - b).map((i) => this.at(i)!);
  }
}

/**
 * Reads and validates every row of a users file before anything is sent: CSV/JSON/NDJSON from a file
 * or stdin (bulk/input.ts), languages in any case, roles by id, slug or name resolved against one
 * read of the org's roles. Identical duplicate rows are merged with a warning; an address given
 * twice with different roles or language makes the later row invalid, naming both lines.
 *
 * The file is read as a stream and each row is kept compactly (InviteRows). A set of the addresses
 * seen, needed to find duplicates, is let go once the file is read.
 */
export async function readInviteRows(ctx: Context, path: string, defaults: RowDefaults, flags: InputFlags): Promise<InviteRows> {
  const input = await streamInputRows(ctx, path, flags, INVITE_FIELDS);
  if (input.header && !input.header.includes('email')) {
    await input.close();
    throw new UsageError(`The header of --from-file ${path === '-' ? 'stdin' : `"${path}"`} has no "email" column.`, {
      hint: 'Start the file with a header line such as: email,roles,language (roles separated by ";" or "|"; roles and language may be left empty).',
    });
  }
  const rows = new InviteRows();
  // Until the roles are resolved, an ask's `roles` holds the role references as written.
  const refLists = new Interned<string[]>();
  // Language and role references → the ask's index in rows.asked.
  const askIndex = new Map<string, number>();
  // Per ask, what makes two rows ask the same (language and roles in any order and case).
  const sameness: string[] = [];
  const sameOf = new Interned<string>();
  // Lower-cased address → the index of its first row.
  const first = new Map<string, number>();
  const merged: string[] = [];
  let mergedCount = 0;
  for await (const r of input.rows) {
    if (r.problem !== undefined) {
      rows.add(r.where, '', { problem: r.problem });
      continue;
    }
    const row = parseRow(r.where, r.fields, defaults, refLists);
    if (!row.invitation) {
      rows.add(row.where, row.email, { problem: row.problem! });
      continue;
    }
    const { roles, language } = row.invitation;
    const askKey = `${language ?? ''}\n${(roles ?? []).join('\n')}`;
    let ask = askIndex.get(askKey);
    if (ask === undefined) {
      ask = rows.asked.push(roles ? (language ? { roles, language } : { roles }) : language ? { language } : {}) - 1;
      askIndex.set(askKey, ask);
      sameness[ask] = sameOf.get(`${language ?? ''}\n${[...(roles ?? [])].sort().join('\n').toLowerCase()}`, (a) => a);
    }
    const key = row.email.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, rows.length);
    else if (sameness[rows.askOf(earlier)!] === sameness[ask]) {
      if (++mergedCount <= 5) merged.push(`${row.where} (same as ${rows.at(earlier)!.where})`);
      continue;
    } else {
      rows.add(row.where, row.email, { problem: `${row.email} is also on ${rows.at(earlier)!.where}, with different roles or language` });
      continue;
    }
    rows.add(row.where, row.email, ask);
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
 * distinct ask: a row with an unknown role becomes invalid, naming the closest matches.
 */
async function resolveRoles(http: Http, rows: InviteRows): Promise<void> {
  if (!rows.asked.some((a) => a.roles)) return;
  const index = await loadRoleIndex(http);
  const problems = new Map<number, string>();
  rows.asked.forEach((ask, n) => {
    const refs = ask.roles;
    if (!refs) return;
    const unknown = refs.map((ref) => index.problem(ref)).filter((p): p is string => p !== undefined);
    if (unknown.length) problems.set(n, unknown.join('; '));
    else ask.roles = [...new Set(refs.map((ref) => index.resolve(ref)!))];
  });
  if (!problems.size) return;
  for (let i = 0; i < rows.length; i++) {
    const ask = rows.askOf(i);
    const problem = ask === undefined ? undefined : problems.get(ask);
    if (problem !== undefined) rows.fail(i, problem);
  }
}
