import type { Command, OptionValues } from '@commander-js/extra-typings';
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline, Readable } from 'node:stream';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { cannotRead, oneOf, readStdin } from '../input.js';

/** How rows can be written: CSV (any of , ; tab), a JSON array of objects, or NDJSON lines. */
export const INPUT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** Flags every `--from-file` command accepts. */
export interface InputFlags {
  /** `--input-format`: how stdin (or a file without a telling extension) is written. */
  inputFormat?: string;
  /** `--delimiter`: the CSV delimiter, when detecting it from the header is not wanted. */
  delimiter?: string;
}

/** One row of an input file, in file order: its fields, or why it could not be read. */
export type InputRow =
  | { where: string; fields: Record<string, unknown>; problem?: undefined }
  | { where: string; problem: string; fields?: undefined };

export interface InputRows {
  /** The CSV header, lower-cased; undefined for JSON and NDJSON. */
  header?: string[];
  rows: InputRow[];
}

const DELIMITERS: Record<string, string> = { ',': ',', ';': ';', tab: '\t', '\t': '\t', '|': '|' };

/** The rows of an input file as they are read: the CSV header first, then one row at a time. */
export interface InputStream {
  /** The CSV header, lower-cased; undefined for JSON and NDJSON. */
  header?: string[];
  rows: AsyncIterable<InputRow>;
  /** Lets go of the file when the rows are not read to their end (a bad header). */
  close(): Promise<void>;
}

/** How much of a file is read up front to tell its format and CSV delimiter. */
const HEAD_BYTES = 64 * 1024;

/**
 * Reads the rows of `--from-file <path|->` the way an admin has them: CSV with a `,`, `;` or tab
 * delimiter (detected from the header; Excel in Germany writes `;`), a UTF-8 BOM, CRLF line ends
 * and quoted fields; or a JSON array; or NDJSON. `-` reads stdin. A file that cannot be read as a
 * whole is a usage error; a single unreadable row comes back with its `problem`.
 *
 * `known` are the columns the command uses: others are ignored with one warning (a spreadsheet's
 * `name` column is fine). Without `known` every column is kept (`epi batch`).
 *
 * CSV and NDJSON files are parsed as a stream, one row at a time, so a 100,000-row file never sits
 * in memory as text or as a list of records: a command keeps only what it needs of each row.
 * A JSON array and stdin are read whole first (a JSON array cannot be told valid before its end).
 */
export async function streamInputRows(ctx: Context, path: string, flags: InputFlags, known?: readonly string[]): Promise<InputStream> {
  const stdin = path === '-';
  const where = stdin ? 'stdin' : `"${path}"`;
  const text = stdin ? await readStdin(ctx.io, '--from-file -') : undefined;
  const source = text === undefined ? await openFile(path) : undefined;
  const head = text ?? source!.head;
  const format = formatOf(path, head, flags.inputFormat);
  if (format !== 'csv' && flags.delimiter !== undefined) {
    await source?.handle.close();
    throw new UsageError('--delimiter only applies to CSV input.', { hint: 'Leave out --delimiter, or pass --input-format csv.' });
  }
  const chunks = (): Readable => (text === undefined ? source!.handle.createReadStream({ start: 0, autoClose: false }) : Readable.from([text]));
  const close = async () => source?.handle.close();
  let header: string[] | undefined;
  let rows: AsyncIterable<InputRow>;
  if (format === 'csv') {
    ({ header, rows } = await csvRows(chunks(), head, where, flags.delimiter, known).catch(async (error: unknown) => {
      await close();
      throw error;
    }));
    if (known) warnUnknownColumns(ctx, header.filter((h) => !known.includes(h)), known);
  }
  else if (format === 'json') rows = jsonRows(text ?? (await readAll(source!.handle)), where);
  else rows = ndjsonRows(chunks());
  return {
    header,
    rows: (async function* counted() {
      let count = 0;
      const unknown = new Set<string>();
      try {
        for await (const row of rows) {
          count++;
          yield known && row.fields ? keepKnown(row, known, unknown) : row;
        }
      } finally {
        await close();
      }
      if (count === 0) throw new UsageError(`--from-file ${where} has no rows.`);
      if (known && !header) warnUnknownColumns(ctx, [...unknown], known);
    })(),
    close,
  };
}

/** All rows at once, for commands that need the whole input before they start (`epi batch`). */
export async function readInputRows(ctx: Context, path: string, flags: InputFlags, known?: readonly string[]): Promise<InputRows> {
  const input = await streamInputRows(ctx, path, flags, known);
  const rows: InputRow[] = [];
  for await (const row of input.rows) rows.push(row);
  return { header: input.header, rows };
}

async function openFile(path: string): Promise<{ handle: FileHandle; head: string }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return { handle, head: buffer.subarray(0, bytesRead).toString('utf8') };
  } catch (error) {
    await handle?.close();
    throw cannotRead(path, '--from-file', error);
  }
}

async function readAll(handle: FileHandle): Promise<string> {
  return handle.readFile({ encoding: 'utf8' });
}

function formatOf(path: string, head: string, given: string | undefined): InputFormat {
  if (given !== undefined) return oneOf<InputFormat>(given.trim().toLowerCase(), INPUT_FORMATS, '--input-format');
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  // stdin or an unknown extension: JSON starts with [ or {, anything else is read as CSV.
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return 'ndjson';
  return 'csv';
}

/** The delimiter the header line uses most, counting only characters outside quotes. */
export function detectDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  return Object.entries(counts).reduce((best, cur) => (cur[1] > best[1] ? cur : best), [',', 0])[0];
}

async function csvRows(
  chunks: Readable,
  head: string,
  where: string,
  delimiterFlag: string | undefined,
  known: readonly string[] | undefined,
): Promise<{ header: string[]; rows: AsyncIterable<InputRow> }> {
  let delimiter: string;
  if (delimiterFlag !== undefined) {
    const d = DELIMITERS[delimiterFlag.toLowerCase()];
    if (!d) throw new UsageError(`--delimiter "${delimiterFlag}" is not one of: , ; tab |`);
    delimiter = d;
  } else delimiter = detectDelimiter(head);
  const { parse } = await import('csv-parse');
  // Each record is its line number followed by its fields: csv-parse's `info` objects would cost
  // a few hundred bytes per row, which a 100,000-row file feels.
  const parser = parse({
    bom: true,
    delimiter,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    on_record: (record: string[], context) => [String(context.lines), ...record],
  });
  const records = pipeline(chunks, parser, () => undefined)[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const next = async (): Promise<string[] | undefined> => {
    try {
      const r = await records.next();
      return r.done ? undefined : r.value;
    } catch (error) {
      throw new UsageError(`--from-file ${where} is not valid CSV: ${(error as Error).message}`);
    }
  };
  const head0 = await next();
  const written = (head0?.slice(1) ?? []).map((h) => h.trim().toLowerCase());
  const header = written.map((h) => columnName(h, known));
  const seen = new Map<string, string>();
  header.forEach((h, i) => {
    if (!h) throw new UsageError(`The header of --from-file ${where} has an empty column name.`, { hint: 'Name every column in the first line.' });
    const first = seen.get(h);
    if (first === written[i]) throw new UsageError(`The header of --from-file ${where} names the column "${h}" twice.`);
    if (first !== undefined) throw new UsageError(`The header of --from-file ${where} has both "${first}" and "${written[i]}", which are the same column (${h}).`, { hint: 'Keep one of them.' });
    seen.set(h, written[i]!);
  });
  // Only the columns the command uses become fields: the others are never kept.
  const columns = header.flatMap((h, i) => (known && !known.includes(h) ? [] : [[h, i] as const]));
  return {
    header,
    rows: (async function* body() {
      for (let record = await next(); record; record = await next()) {
        const at = `line ${record[0]}`;
        const fields = record.length - 1;
        if (fields > header.length) {
          yield { where: at, problem: `has ${fields} fields but the header has ${header.length}` };
          continue;
        }
        const row: Record<string, unknown> = {};
        for (const [h, i] of columns) row[h] = record[i + 1] ?? '';
        yield { where: at, fields: row };
      }
    })(),
  };
}

async function* jsonRows(text: string, where: string): AsyncIterable<InputRow> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`--from-file ${where} is not valid JSON: ${(error as Error).message}.`, { hint: 'For one JSON object per line, use a .ndjson file or --input-format ndjson.' });
  }
  if (!Array.isArray(value)) throw new UsageError(`--from-file ${where} must contain a JSON array of objects.`);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    // Let each item go once it is read: the command keeps what it needs of it.
    value[i] = undefined;
    yield objectRow(`item ${i + 1}`, item);
  }
}

async function* ndjsonRows(chunks: Readable): AsyncIterable<InputRow> {
  let n = 0;
  for await (const text of createInterface({ input: chunks, crlfDelay: Infinity })) {
    const line = ++n === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (!line.trim()) continue;
    const where = `line ${n}`;
    try {
      yield objectRow(where, JSON.parse(line));
    } catch (error) {
      yield { where, problem: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

function objectRow(where: string, value: unknown): InputRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { where, problem: 'is not a JSON object' };
  // Keys are matched like CSV headers: in any case.
  return { where, fields: Object.fromEntries(Object.entries(value).map(([k, v]) => [k.trim().toLowerCase(), v])) };
}

/**
 * A JSON row with the command's own key names (columnName), without the keys it does not use, which
 * are noted for the one warning. A row giving one column twice (`role` and `roles`) is a problem row.
 */
function keepKnown(row: { where: string; fields: Record<string, unknown> }, known: readonly string[], unknown: Set<string>): InputRow {
  const keys = Object.keys(row.fields);
  if (keys.every((k) => known.includes(k))) return row;
  const fields: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const key of keys) {
    const name = columnName(key, known);
    if (!known.includes(name)) unknown.add(key);
    else if (from[name] !== undefined) return { where: row.where, problem: `has both "${from[name]}" and "${key}", which are the same field (${name})` };
    else {
      fields[name] = row.fields[key];
      from[name] = key;
    }
  }
  return { where: row.where, fields };
}

/**
 * Other names admins give the columns epi reads, squashed (lower case, no spaces, "-" or "_"):
 * `role` as the --role flag spells it, the headings of German spreadsheets (E-Mail, Rollen,
 * Sprache), and the usual spellings of an email address, a language and a user id.
 */
const COLUMN_ALIASES: Record<string, string> = {
  role: 'roles',
  rolle: 'roles',
  rollen: 'roles',
  mail: 'email',
  emailaddress: 'email',
  emailadresse: 'email',
  lang: 'language',
  locale: 'language',
  sprache: 'language',
  userid: 'id',
};

/**
 * The name the command knows a column by: `E-Mail` and `email_address` are `email`, `role` is
 * `roles`, `user_id` is `id`, when the command reads that column. Other names stay as written, so
 * they are warned about as unknown; without `known` (`epi batch`, whose placeholders name the
 * columns) every name stays as written.
 */
export function columnName(written: string, known: readonly string[] | undefined): string {
  if (!known || known.includes(written)) return written;
  const squashed = written.replace(/[\s_-]+/g, '');
  const name = known.includes(squashed) ? squashed : COLUMN_ALIASES[squashed];
  return name !== undefined && known.includes(name) ? name : written;
}

/** Columns (or JSON keys) the command does not use are dropped, with one warning for the whole input. */
function warnUnknownColumns(ctx: Context, unknown: readonly string[], known: readonly string[]): void {
  if (unknown.length) ctx.out.warn(`Ignoring ${unknown.length === 1 ? 'column' : 'columns'} ${unknown.map((k) => `"${k}"`).join(', ')} (used: ${known.join(', ')}).`);
}

/** Commander flags for input files: declared once, for every --from-file command. */
export function inputFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--input-format <format>', `how --from-file is written when its name does not say: ${INPUT_FORMATS.join(', ')} (stdin is detected otherwise)`)
    .option('--delimiter <char>', 'CSV delimiter: , ; tab or | (default: detected from the header)');
}
