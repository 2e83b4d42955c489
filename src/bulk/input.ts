import type { Command, OptionValues } from '@commander-js/extra-typings';
import { extname } from 'node:path';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { oneOf, readStdin, readTextFile } from '../input.js';

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

/**
 * Reads the rows of `--from-file <path|->` the way an admin has them: CSV with a `,`, `;` or tab
 * delimiter (detected from the header; Excel in Germany writes `;`), a UTF-8 BOM, CRLF line ends
 * and quoted fields; or a JSON array; or NDJSON. `-` reads stdin. A file that cannot be read as a
 * whole is a usage error; a single unreadable row comes back with its `problem`.
 *
 * `known` are the columns the command uses: others are ignored with one warning (a spreadsheet's
 * `name` column is fine). Without `known` every column is kept (`epi batch`).
 */
export async function readInputRows(ctx: Context, path: string, flags: InputFlags, known?: readonly string[]): Promise<InputRows> {
  const stdin = path === '-';
  const text = stdin ? await readStdin(ctx.io, '--from-file -') : readTextFile(path, '--from-file');
  const where = stdin ? 'stdin' : `"${path}"`;
  const format = formatOf(path, text, flags.inputFormat);
  let result: InputRows;
  if (format === 'csv') result = await csvRows(text, where, flags.delimiter);
  else {
    if (flags.delimiter !== undefined) throw new UsageError('--delimiter only applies to CSV input.', { hint: 'Leave out --delimiter, or pass --input-format csv.' });
    result = format === 'json' ? jsonRows(text, where) : ndjsonRows(text);
  }
  if (result.rows.length === 0) throw new UsageError(`--from-file ${where} has no rows.`);
  if (known) warnUnknownColumns(ctx, result, known);
  return result;
}

function formatOf(path: string, text: string, given: string | undefined): InputFormat {
  if (given !== undefined) return oneOf<InputFormat>(given.trim().toLowerCase(), INPUT_FORMATS, '--input-format');
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  // stdin or an unknown extension: JSON starts with [ or {, anything else is read as CSV.
  const start = text.replace(/^\uFEFF/, '').trimStart();
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

async function csvRows(text: string, where: string, delimiterFlag: string | undefined): Promise<InputRows> {
  let delimiter: string;
  if (delimiterFlag !== undefined) {
    const d = DELIMITERS[delimiterFlag.toLowerCase()];
    if (!d) throw new UsageError(`--delimiter "${delimiterFlag}" is not one of: , ; tab |`);
    delimiter = d;
  } else delimiter = detectDelimiter(text);
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    // Each record is its line number followed by its fields: csv-parse's `info` objects would cost
    // a few hundred bytes per row, which a 100,000-row file feels.
    records = parse(text, {
      bom: true,
      delimiter,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (record: string[], context) => [String(context.lines), ...record],
    });
  } catch (error) {
    throw new UsageError(`--from-file ${where} is not valid CSV: ${(error as Error).message}`);
  }
  const [head, ...body] = records;
  const header = (head?.slice(1) ?? []).map((h) => h.trim().toLowerCase());
  const seen = new Set<string>();
  for (const h of header) {
    if (!h) throw new UsageError(`The header of --from-file ${where} has an empty column name.`, { hint: 'Name every column in the first line.' });
    if (seen.has(h)) throw new UsageError(`The header of --from-file ${where} names the column "${h}" twice.`);
    seen.add(h);
  }
  const rows = body.map(([lines, ...record]): InputRow => {
    const at = `line ${lines}`;
    if (record.length > header.length) return { where: at, problem: `has ${record.length} fields but the header has ${header.length}` };
    return { where: at, fields: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) };
  });
  return { header, rows };
}

function jsonRows(text: string, where: string): InputRows {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`--from-file ${where} is not valid JSON: ${(error as Error).message}.`, { hint: 'For one JSON object per line, use a .ndjson file or --input-format ndjson.' });
  }
  if (!Array.isArray(value)) throw new UsageError(`--from-file ${where} must contain a JSON array of objects.`);
  return { rows: value.map((item, i) => objectRow(`item ${i + 1}`, item)) };
}

function ndjsonRows(text: string): InputRows {
  const rows: InputRow[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `line ${i + 1}`;
      try {
        rows.push(objectRow(where, JSON.parse(line)));
      } catch (error) {
        rows.push({ where, problem: `not valid JSON: ${(error as Error).message}` });
      }
    });
  return { rows };
}

function objectRow(where: string, value: unknown): InputRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { where, problem: 'is not a JSON object' };
  // Keys are matched like CSV headers: in any case.
  return { where, fields: Object.fromEntries(Object.entries(value).map(([k, v]) => [k.trim().toLowerCase(), v])) };
}

/** Columns (or JSON keys) the command does not use are dropped, with one warning for the whole input. */
function warnUnknownColumns(ctx: Context, input: InputRows, known: readonly string[]): void {
  const unknown = new Set<string>();
  for (const row of input.rows) {
    if (!row.fields) continue;
    const keys = Object.keys(row.fields);
    if (keys.every((k) => known.includes(k))) continue;
    for (const k of keys) if (!known.includes(k)) unknown.add(k);
    (row as { fields: Record<string, unknown> }).fields = Object.fromEntries(Object.entries(row.fields).filter(([k]) => known.includes(k)));
  }
  if (unknown.size) ctx.out.warn(`Ignoring ${unknown.size === 1 ? 'column' : 'columns'} ${[...unknown].map((k) => `"${k}"`).join(', ')} (used: ${known.join(', ')}).`);
}

/** Commander flags for input files: declared once, for every --from-file command. */
export function inputFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--input-format <format>', `how --from-file is written when its name does not say: ${INPUT_FORMATS.join(', ')} (stdin is detected otherwise)`)
    .option('--delimiter <char>', 'CSV delimiter: , ; tab or | (default: detected from the header)');
}
