import { UsageError } from '../errors.js';
import type { IO } from '../runtime.js';

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
  /** Field names the API documents, so --json fields can be checked even when a record omits one. */
  fields?: readonly string[];
}

export interface PrinterOptions {
  io: IO;
  env: Record<string, string | undefined>;
  /** true for --json, a comma list for --json fields, undefined otherwise. */
  json?: string | boolean;
  /** Under --dry-run stdout carries only the planned requests, so data output is skipped. */
  dryRun?: boolean;
}

type Mode = 'json' | 'table' | 'plain';

const BORDERLESS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid', 'middle'].map((k) => [k, '']),
);

/**
 * The one printer. Data goes to stdout: a table and a key/value view for people on a terminal,
 * tab-separated rows when piped, the API's own records under --json. Everything else (progress,
 * notices, warnings) goes to stderr, so `| jq` always sees clean data.
 */
export class Printer {
  readonly mode: Mode;
  readonly color: boolean;
  private readonly fields?: string[];

  constructor(private readonly opts: PrinterOptions) {
    const { io, env, json } = opts;
    this.mode = json ? 'json' : io.stdoutIsTTY ? 'table' : 'plain';
    this.fields = typeof json === 'string' && json.trim() ? json.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
    this.color = colorEnabled(env, io.stdoutIsTTY) && this.mode === 'table';
  }

  get json(): boolean {
    return this.mode === 'json';
  }

  /** A list of records: a table, TSV rows, or one JSON array (`[]` when empty). */
  async list<T>(rows: readonly T[], view: View<T>): Promise<void> {
    if (this.opts.dryRun) return;
    if (this.mode === 'json') {
      this.write(JSON.stringify(rows.map(this.picker(view, rows)), null, 2));
      return;
    }
    if (this.mode === 'plain') {
      for (const row of rows) this.write(view.columns.map((c) => plainCell(c.value(row))).join('\t'));
      return;
    }
    if (rows.length === 0) {
      this.info('No results.');
      return;
    }
    const { default: Table } = await import('cli-table3');
    const paint = await this.paint();
    const table = new Table({
      head: view.columns.map((c) => paint.bold(c.header)),
      // Borderless, as gh prints lists: columns aligned, a bold header, no rules to scroll past.
      chars: BORDERLESS,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
      wordWrap: true,
    });
    for (const row of rows) table.push(view.columns.map((c) => ttyCell(c.value(row))));
    this.write(table.toString());
  }

  /**
   * Streams records one per line as they arrive (--ndjson), so a listing of 20,000 users never
   * sits in memory. Returns how many were written.
   */
  async stream<T>(rows: AsyncIterable<T>, view: View<T>): Promise<number> {
    let count = 0;
    for await (const row of rows) {
      if (!this.opts.dryRun) this.write(JSON.stringify(this.picker(view, [row])(row)));
      count++;
    }
    return count;
  }

  /** One record: a key/value view for people, key<TAB>value lines when piped, an object under --json. */
  async record<T>(row: T, view?: View<T>): Promise<void> {
    if (this.opts.dryRun || row === undefined) return;
    if (this.mode === 'json') {
      this.write(JSON.stringify(this.picker(view, [row])(row), null, 2));
      return;
    }
    const rowsOf = view?.detail ?? view?.columns;
    const pairs: Array<[string, unknown]> = rowsOf
      ? rowsOf.map((c) => [c.header, c.value(row)])
      : Object.entries(row as Record<string, unknown>);
    if (this.mode === 'plain') {
      for (const [k, v] of pairs) this.write(`${k}\t${plainCell(v)}`);
      return;
    }
    const paint = await this.paint();
    const width = Math.max(0, ...pairs.map(([k]) => k.length));
    for (const [k, v] of pairs) this.write(`${paint.dim(`${k.padEnd(width)}`)}  ${ttyCell(v)}`);
  }

  /** A bare value (a setting, a token): raw text when it is a string, JSON otherwise. */
  value(v: unknown): void {
    if (this.opts.dryRun) return;
    if (typeof v === 'string' && this.mode !== 'json') this.write(v);
    else this.write(JSON.stringify(v, null, this.mode === 'plain' ? undefined : 2));
  }

  /** Raw JSON, for commands whose output is already shaped (dry-run plans, epi api). */
  rawJson(v: unknown, pretty = this.opts.io.stdoutIsTTY): void {
    this.write(JSON.stringify(v, null, pretty ? 2 : undefined));
  }

  info(message: string): void {
    this.opts.io.stderr.write(`${message}\n`);
  }

  warn(message: string): void {
    this.opts.io.stderr.write(`warning: ${message}\n`);
  }

  private write(line: string): void {
    this.opts.io.stdout.write(`${line}\n`);
  }

  private async paint() {
    const { Chalk } = await import('chalk');
    return new Chalk({ level: this.color ? 1 : 0 });
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
    if (known.size > 0) {
      for (const field of fields) {
        if (!known.has(field) && !known.has(field.split('.')[0]!)) {
          throw new UsageError(`Unknown field "${field}" in --json.`, { hint: `Available fields: ${[...known].sort().join(', ')}.` });
        }
      }
    }
    return (row) => {
      const out: Record<string, unknown> = {};
      for (const field of fields) setPath(out, field, getPath(row, field));
      return out;
    };
  }
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

/** TSV cells stay on one line: tabs and newlines inside values become spaces. */
function plainCell(v: unknown): string {
  return formatCell(v, ',').replace(/[\t\r\n]+/g, ' ');
}

function ttyCell(v: unknown): string {
  const s = formatCell(v, ', ');
  if (s === '') return '-';
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function formatCell(v: unknown, joiner: string): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(joiner);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
