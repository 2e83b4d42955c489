import { extname } from 'node:path';
import { INVITE_LANGUAGES, type InviteLanguage, type UserInvitation } from '../../api/user.js';
import { UsageError } from '../../errors.js';
import { oneOf, parseJson, readTextFile, validEmail } from '../../input.js';

/** One row of a bulk-invite file, valid (`invitation`) or not (`problem`), in file order. */
export interface InviteRow {
  /** Where the row is, for people fixing the file: "line 4" (CSV with its header, NDJSON) or "item 3" (JSON array, from 1). */
  where: string;
  email: string;
  invitation?: UserInvitation;
  problem?: string;
}

/** What --roles and --language give to rows that leave those fields empty. */
export interface RowDefaults {
  roles: string[];
  language?: InviteLanguage;
}

const FIELDS = ['email', 'roles', 'language'];

type RawRow = { where: string; fields: Record<string, unknown>; problem?: undefined } | { where: string; problem: string; fields?: undefined };

/**
 * Reads and validates every row of a users file (.csv, .json, .ndjson/.jsonl) before anything is
 * sent. A file that cannot be read as a whole fails with exit 2; single bad rows come back with a
 * `problem` so the caller can list them all at once.
 */
export async function readInviteRows(path: string, defaults: RowDefaults): Promise<InviteRow[]> {
  const text = readTextFile(path, '--from-file');
  const format = extname(path).toLowerCase();
  let raw: RawRow[];
  if (format === '.csv') raw = await csvRows(text, path);
  else if (format === '.json') raw = jsonRows(text, path);
  else if (format === '.ndjson' || format === '.jsonl') raw = ndjsonRows(text);
  else {
    throw new UsageError(`Cannot tell the format of --from-file "${path}".`, {
      hint: 'Name the file .csv (header email,roles,language), .json (an array of objects) or .ndjson (one object per line).',
    });
  }
  if (raw.length === 0) throw new UsageError(`--from-file "${path}" has no rows to invite.`);
  const firstSeen = new Map<string, string>();
  return raw.map((r) => {
    const row = r.problem !== undefined ? { where: r.where, email: '', problem: r.problem } : validateRow(r.where, r.fields, defaults);
    if (row.invitation) {
      const key = row.email.toLowerCase();
      const first = firstSeen.get(key);
      if (first) return { where: row.where, email: row.email, problem: `${row.email} is already on ${first}` };
      firstSeen.set(key, row.where);
    }
    return row;
  });
}

async function csvRows(text: string, path: string): Promise<RawRow[]> {
  const { parse } = await import('csv-parse/sync');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // csv-parse types the result as rows of strings; with `info: true` each row is { record, info }.
    records = parse(text, { bom: true, info: true, trim: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as unknown as typeof records;
  } catch (error) {
    throw new UsageError(`--from-file "${path}" is not valid CSV: ${(error as Error).message}`);
  }
  const [head, ...body] = records;
  const header = (head?.record ?? []).map((h) => h.toLowerCase());
  const unknown = header.filter((h) => !FIELDS.includes(h));
  if (!header.includes('email') || unknown.length) {
    throw new UsageError(`The header of --from-file "${path}" must name the columns email, roles and language${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}.`, {
      hint: 'Start the file with the line: email,roles,language (roles separated by ";"; roles and language may be left empty).',
    });
  }
  return body.map(({ record, info }) => {
    const where = `line ${info.lines}`;
    if (record.length > header.length) return { where, problem: `has ${record.length} fields but the header has ${header.length}` };
    return { where, fields: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) };
  });
}

function jsonRows(text: string, path: string): RawRow[] {
  const value = parseJson(text, `--from-file file "${path}"`);
  if (!Array.isArray(value)) throw new UsageError(`--from-file "${path}" must contain a JSON array of objects like {"email": "...", "roles": ["..."], "language": "en"}.`);
  return value.map((item, i) => objectRow(`item ${i + 1}`, item));
}

function ndjsonRows(text: string): RawRow[] {
  const rows: RawRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = `line ${i + 1}`;
    try {
      rows.push(objectRow(where, JSON.parse(line)));
    } catch (error) {
      rows.push({ where, problem: `not valid JSON: ${(error as Error).message}` });
    }
  });
  return rows;
}

function objectRow(where: string, value: unknown): RawRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { where, problem: 'is not a JSON object' };
  return { where, fields: value as Record<string, unknown> };
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

function validateRow(where: string, fields: Record<string, unknown>, defaults: RowDefaults): InviteRow {
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  const fail = (problem: string): InviteRow => ({ where, email, problem });
  const unknown = Object.keys(fields).filter((k) => !FIELDS.includes(k));
  if (unknown.length) return fail(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${FIELDS.join(', ')})`);
  if (blank(fields.email)) return fail('email is missing');
  if (typeof fields.email !== 'string') return fail('email must be a string');
  try {
    validEmail(email, 'email');
    const roles = blank(fields.roles) ? defaults.roles : rolesOf(fields.roles);
    const language = blank(fields.language) ? defaults.language : oneOf<InviteLanguage>(String(fields.language).trim(), INVITE_LANGUAGES, 'language');
    const invitation: UserInvitation = { email };
    if (roles.length) invitation.roles = roles;
    if (language) invitation.language = language;
    return { where, email, invitation };
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message.replace(/\.$/, ''));
    throw error;
  }
}

/** Roles are a list of role ids: a JSON array, or text separated by ";" (or ","). */
function rolesOf(value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(/[;,]/) : Array.isArray(value) ? value : undefined;
  if (!list || list.some((r) => typeof r !== 'string')) throw new UsageError('roles must be role ids separated by ";" or a JSON array of strings');
  return list.map((r: string) => r.trim()).filter(Boolean);
}
