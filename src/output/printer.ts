import { once } from 'node:events';
import { UsageError } from '../errors.js';
import type { IO } from '../runtime.js';
import { stringifyJson } from '../exact-json.js';
import { csvLine, tsvCell, ttyCell } from './cells.js';
import { escapeJsonControls, sanitize } from './sanitize.js';
import { LONG_LISTING, steadyYoungGeneration } from './young-generation.js';

/** A column of a list table; `value` returns what the cell shows. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** How a kind of record is shown to people. --json ignores views and prints the API's records. */
export interface View<T> {
  columns: Column<T>[];
  /** Rows of the single-record view; defaults to the columns. */
  detail?: Column<T>[];
  /**
   * Every field the API documents for the record. When given, --json fields are checked against
   * it before the first request (so it must be complete: see documentedFields()).
   */
  fields?: readonly string[];
}

/**
 * The field names of a record type, checked by the compiler: the object must name every key of T
 * and no other, so a view's documented fields cannot drift from the API's types.
 */
export function documentedFields<T>(keys: { [K in KeysOf<T>]-?: true }): string[] {
  return Object.keys(keys);
}

/** Every key of every member of a union (a role is one of several kinds, each with its own fields). */
type KeysOf<T> = T extends unknown ? keyof T & string : never;

export const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export interface PrinterOptions {
  io: IO;
  env: Record<string, string | undefined>;
  /** true for --json, a comma list for --json fields, undefined otherwise. */
  json?: string | boolean;
  /** --format. */
  format?: string;
  /** --ndjson, the shorthand of --format ndjson. */
  ndjson?: boolean;
  /** --jq: a jq expression run over the JSON output. */
  jq?: string;
  /** Under --dry-run stdout carries only the planned requests, so data output is skipped. */
  dryRun?: boolean;
}

const BORDERLESS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid', 'middle'].map((k) => [k, '']),
);
const COLUMN_GAP = 2;
/** A column squeezed to fit the terminal keeps at least this many characters ("ab…"). */
const MIN_COLUMN = 3;

/**
 * The one printer. Data goes to stdout in one of five formats: a table for people on a terminal,
 * tab-separated rows when piped, CSV for spreadsheets, the API's own records as JSON or NDJSON.
 * Everything else (progress, notices, warnings) goes to stderr, so `| jq` always sees clean data.
 * Text from the server passes through sanitize() on its way to any of these, JSON excepted, where
 * JSON's own escaping applies.
 */
export class Printer {
  readonly format: Format;
  readonly color: boolean;
  private readonly fields?: string[];
  /** Under --jq, the JSON texts that would have been printed, for finish() to run jq over. */
  private jqInput?: string[];

  constructor(private readonly opts: PrinterOptions) {
    const { io, env, json } = opts;
    this.format = pickFormat(opts);
    this.fields = typeof json === 'string' && json.trim() ? json.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
    this.color = colorEnabled(env, io.stdoutIsTTY) && this.format === 'table';
    if (opts.jq !== undefined) this.jqInput = [];
  }

  /** True when stdout carries JSON (--json, --ndjson, --jq or --format json|ndjson). */
  get json(): boolean {
    return this.format === 'json' || this.format === 'ndjson';
  }

  /**
   * Checks what can be checked before any request: --json fields against the documented fields of
   * the command's view, and that the --jq expression compiles.
   */
  async prepare(view?: View<never>): Promise<void> {
    this.expectFields(view);
    if (this.opts.jq !== undefined) {
      const { checkJq } = await import('./jq.js');
      await checkJq(this.opts.jq);
    }
  }

  /**
   * Checks --json fields against the view's documented fields, so a typo fails before the first
   * request rather than after the last page. A view that documents no fields is checked later,
   * against the records themselves.
   */
  expectFields(view?: View<never>): void {
    if (this.fields && view?.fields) this.checkFields(view.fields);
  }

  /** Ends the output: under --jq, runs the expression over everything the command printed as JSON. */
  async finish(): Promise<void> {
    const input = this.jqInput;
    if (this.opts.jq === undefined || !input?.length) return;
    this.jqInput = [];
    const { runJq } = await import('./jq.js');
    const result = await runJq(this.opts.jq, input.join('\n'));
    if (!result) return;
    // jq -r prints server strings raw: right for a pipe, not for a terminal.
    const text = this.opts.io.stdoutIsTTY ? sanitize(result, { newlines: true, tabs: true }) : result;
    this.opts.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A list of records: a table, TSV or CSV rows, one JSON array (`[]` when empty), or NDJSON lines. */
  async list<T>(rows: readonly T[], view: View<T>): Promise<void> {
    if (this.opts.dryRun) return;
    switch (this.format) {
      case 'json': {
        const pick = this.picker(view, rows);
        this.emitJson(stringifyJson(rows.map(pick), null, 2));
        return;
      }
      case 'ndjson': {
        const pick = this.picker(view, rows);
        for (const row of rows) this.emitJson(stringifyJson(pick(row)));
        return;
      }
      case 'tsv':
        for (const row of rows) this.write(tsvRow(view, row));
        return;
      case 'csv':
        this.writeCsv(view.columns.map((c) => c.header));
        for (const row of rows) this.writeCsv(view.columns.map((c) => c.value(row)));
        return;
      case 'table':
        if (rows.length === 0) {
          this.info('No results.');
          return;
        }
        await this.table(
          view.columns.map((c) => c.header),
          rows.map((row) => view.columns.map((c) => ttyCell(c.value(row)))),
        );
    }
  }

  /**
   * A paged list, written as the pages arrive where the format allows it, one write per page:
   * NDJSON, TSV and CSV rows, and with `streamJson` (--all) the JSON array, opened at the first
   * record and closed after the last, so memory stays flat however long the listing. A failure
   * part-way leaves that array visibly unterminated. Tables, --jq, and --json without `streamJson`
   * are printed once every page is in (stdout stays empty on a failure).
   */
  async listPages<T>(pages: AsyncIterable<readonly T[]>, view: View<T>, o: { streamJson?: boolean } = {}): Promise<void> {
    const streams = this.format === 'ndjson' || this.format === 'tsv' || this.format === 'csv' || (this.format === 'json' && o.streamJson);
    if (!streams || this.jqInput || this.opts.dryRun) {
      const rows: T[] = [];
      for await (const page of pages) rows.push(...page);
      await this.list(rows, view);
      return;
    }
    const csvHeader = () => `${csvLine(view.columns.map((c) => c.header))}\r\n`;
    let pick: ((row: T) => unknown) | undefined;
    let started = false;
    let printed = 0;
    for await (const page of pages) {
      if (!page.length) continue;
      printed += page.length;
      if (printed >= LONG_LISTING) steadyYoungGeneration();
      pick ??= this.picker(view, page);
      const json = (row: T, indent?: number) => escapeJsonControls(stringifyJson(pick!(row), null, indent));
      let chunk: string;
      if (this.format === 'ndjson') chunk = `${page.map((row) => json(row)).join('\n')}\n`;
      else if (this.format === 'tsv') chunk = `${page.map((row) => tsvRow(view, row)).join('\n')}\n`;
      else if (this.format === 'csv') chunk = `${started ? '' : csvHeader()}${page.map((row) => `${csvRow(view, row)}\r`).join('\n')}\n`;
      // The same bytes as JSON.stringify(rows, null, 2): each record indented one level.
      else chunk = `${started ? ',\n' : '[\n'}${page.map((row) => `  ${json(row, 2).replace(/\n/g, '\n  ')}`).join(',\n')}`;
      started = true;
      await this.writeChunk(chunk);
    }
    if (this.format === 'json') await this.writeChunk(started ? '\n]\n' : '[]\n');
    else if (this.format === 'csv' && !started) await this.writeChunk(csvHeader());
  }

  /** One record: a key/value view for people, key<TAB>value lines when piped, a header and a row as CSV, an object as JSON. */
  async record<T>(row: T, view?: View<T>): Promise<void> {
    if (this.opts.dryRun || row === undefined) return;
    if (this.json) {
      const picked = this.picker(view, [row])(row);
      this.emitJson(this.format === 'json' ? stringifyJson(picked, null, 2) : stringifyJson(picked));
      return;
    }
    const rowsOf = view?.detail ?? view?.columns;
    const pairs: Array<[string, unknown]> = rowsOf
      ? rowsOf.map((c) => [c.header, c.value(row)])
      : Object.entries(row as Record<string, unknown>);
    if (this.format === 'tsv') {
      for (const [k, v] of pairs) this.write(`${tsvCell(k)}\t${tsvCell(v)}`);
      return;
    }
    if (this.format === 'csv') {
      this.writeCsv(pairs.map(([k]) => k));
      this.writeCsv(pairs.map(([, v]) => v));
      return;
    }
    const paint = await this.paint();
    const keys = pairs.map(([k]) => ttyCell(k));
    const width = Math.max(0, ...keys.map((k) => k.length));
    pairs.forEach(([, v], i) => this.write(`${paint.dim(keys[i]!.padEnd(width))}  ${ttyCell(v)}`));
  }

  /** A bare value (a setting, a token): raw text when it is a string, JSON otherwise. */
  value(v: unknown): void {
    if (this.opts.dryRun) return;
    if (typeof v === 'string' && !this.json) this.write(this.opts.io.stdoutIsTTY ? sanitize(v, { newlines: true, tabs: true }) : v);
    else this.emitJson(stringifyJson(v, null, this.format === 'table' || this.format === 'json' ? 2 : undefined));
  }

  /** Raw JSON, for commands whose output is already shaped (dry-run plans, epi api). */
  rawJson(v: unknown, pretty = this.opts.io.stdoutIsTTY): void {
    this.emitJson(stringifyJson(v, null, pretty ? 2 : undefined));
  }

  /** JSON text as it is (epi api keeps the server's exact numbers and key order). */
  jsonText(text: string): void {
    if (this.opts.dryRun) return;
    this.emitJson(text);
  }

  /**
   * Lines of a command's own layout (epi diff's change list), already built from sanitised text
   * and coloured with painter(): written as they are, so the colours survive.
   */
  lines(lines: readonly string[], to: 'stdout' | 'stderr' = 'stdout'): void {
    if (to === 'stderr') {
      for (const line of lines) this.opts.io.stderr.write(`${line}\n`);
      return;
    }
    if (this.opts.dryRun) return;
    for (const line of lines) this.write(line);
  }

  /** chalk at the level this output allows: no colour to a pipe, NO_COLOR or under --json. */
  painter() {
    return this.paint();
  }

  /** A message on stderr. It may echo server text, so it is sanitised (newlines kept). */
  info(message: string): void {
    this.opts.io.stderr.write(`${sanitize(message, { newlines: true, tabs: true })}\n`);
  }

  warn(message: string): void {
    this.info(`warning: ${message}`);
  }

  private write(line: string): void {
    this.opts.io.stdout.write(`${line}\n`);
  }

  /** Waits while stdout is full (a slow pipe), so pages do not pile up in memory. */
  private async writeChunk(chunk: string): Promise<void> {
    const { stdout } = this.opts.io;
    if (!stdout.write(chunk)) await once(stdout, 'drain');
  }

  /** RFC 4180 lines end in CRLF. */
  private writeCsv(cells: unknown[]): void {
    this.write(`${csvLine(cells)}\r`);
  }

  private emitJson(text: string): void {
    if (this.jqInput) this.jqInput.push(text);
    else this.write(escapeJsonControls(text));
  }

  private async paint() {
    const { Chalk } = await import('chalk');
    return new Chalk({ level: this.color ? 1 : 0 });
  }

  /**
   * A borderless table, as gh prints lists, that fits the terminal: while the table is too wide the
   * widest column loses a character, and cells cut short end in "…". Rows never wrap.
   */
  private async table(headers: string[], cells: string[][]): Promise<void> {
    const { default: Table } = await import('cli-table3');
    const paint = await this.paint();
    const make = (colWidths: number[]) =>
      new Table({
        head: headers.map((h) => paint.bold(ttyCell(h))),
        chars: BORDERLESS,
        style: { head: [], border: [], 'padding-left': 0, 'padding-right': COLUMN_GAP },
        colWidths,
        wordWrap: false,
      });
    const natural: number[] = [];
    let table = make(natural);
    table.push(...cells);
    let text = table.toString();
    // cli-table3 fills the colWidths it was given with the widths it measured (display widths,
    // wide characters counted twice), so the first rendering tells how wide each column wants to be.
    // Only a terminal has a width to fit; `--format table` into a pipe or file is never cut.
    const fitted = this.opts.io.stdoutIsTTY ? fitWidths(natural, this.terminalWidth()) : undefined;
    if (fitted) {
      table = make(fitted);
      table.push(...cells);
      text = table.toString();
    }
    // The last column's padding would only trail off the end of the line.
    this.write(text.replace(/ +$/gm, ''));
  }

  private terminalWidth(): number {
    const columns = (this.opts.io.stdout as { columns?: number }).columns ?? Number(this.opts.env.COLUMNS);
    return Number.isInteger(columns) && columns > 0 ? columns : 80;
  }

  private checkFields(known: Iterable<string>): void {
    const names = new Set(known);
    for (const field of this.fields ?? []) {
      if (!names.has(field) && !names.has(field.split('.')[0]!)) {
        throw new UsageError(`Unknown field "${field}" in --json.`, { hint: `Available fields: ${fieldList([...names].sort())}.` });
      }
    }
  }

  /**
   * Returns a function that applies --json fields to a record. The fields are checked once, against
   * the view's documented fields plus the keys the records carry; an unknown one fails with the
   * list of known ones. With no fields it returns records unchanged.
   */
  private picker<T>(view: View<T> | undefined, sample: readonly T[]): (row: T) => unknown {
    const fields = this.fields;
    if (!fields) return (row) => row;
    const known = new Set(view?.fields ?? []);
    for (const r of sample) if (r && typeof r === 'object') for (const k of Object.keys(r)) known.add(k);
    if (known.size > 0) this.checkFields(known);
    return (row) => {
      const out: Record<string, unknown> = {};
      for (const field of fields) setPath(out, field, getPath(row, field));
      return out;
    };
  }
}

/** Field names in a hint, bounded: the keys of a server's record may be thousands, or a megabyte long. */
const MAX_LISTED_FIELDS = 100;
const MAX_FIELD_NAME = 64;

function fieldList(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_FIELDS).map((n) => (n.length > MAX_FIELD_NAME ? `${n.slice(0, MAX_FIELD_NAME - 1)}…` : n));
  const more = names.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

const tsvRow = <T>(view: View<T>, row: T): string => view.columns.map((c) => tsvCell(c.value(row))).join('\t');
const csvRow = <T>(view: View<T>, row: T): string => csvLine(view.columns.map((c) => c.value(row)));

/**
 * The output format from --format and its shorthands. --json [fields] and --ndjson agree with the
 * JSON formats only (fields then pick from each record); --jq needs JSON. Any other pairing is two
 * answers to one question, so it is refused rather than one silently winning.
 */
function pickFormat(opts: PrinterOptions): Format {
  const { format, json, ndjson, jq, io } = opts;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`Unknown --format "${format}".`, { hint: `Use one of: ${FORMATS.join(', ')}.` });
  }
  const given = format as Format | undefined;
  const jsonFamily = (f: Format | undefined) => f === undefined || f === 'json' || f === 'ndjson';
  const conflict = (flag: string) =>
    new UsageError(`${flag} cannot be combined with --format ${given}.`, { hint: `Drop one of them: ${flag} prints JSON, --format ${given} prints ${given === 'table' ? 'a table' : given!.toUpperCase()}.` });
  if (ndjson && given !== undefined && given !== 'ndjson') throw conflict('--ndjson');
  if (json !== undefined && json !== false && !jsonFamily(given)) throw conflict('--json');
  if (jq !== undefined && !jsonFamily(given)) throw conflict('--jq');
  if (given) return given;
  if (ndjson) return 'ndjson';
  if ((json !== undefined && json !== false) || jq !== undefined) return 'json';
  return io.stdoutIsTTY ? 'table' : 'tsv';
}

/**
 * Column widths (each including its gap) that fit `available` characters, or undefined when the
 * natural widths already fit. The widest column gives up a character at a time, so short columns
 * (ids, status) stay whole while long ones (names, descriptions) are cut.
 */
export function fitWidths(natural: readonly number[], available: number): number[] | undefined {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return undefined;
  const widths = [...natural];
  let excess = total - available;
  while (excess > 0) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i]! > widths[widest]!) widest = i;
    if (widths[widest]! <= MIN_COLUMN + COLUMN_GAP) break;
    widths[widest]!--;
    excess--;
  }
  return widths;
}

export function colorEnabled(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

export function getPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    cur[part] = typeof cur[part] === 'object' && cur[part] !== null ? cur[part] : {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value ?? null;
}
