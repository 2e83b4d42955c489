import { stringifyJson } from '../exact-json.js';
import { sanitize } from './sanitize.js';

/** How a value becomes a cell in each format: one line for tables and TSV, RFC 4180 for CSV. */

/** TSV cells stay on one line: tabs and line breaks inside values become spaces (a bare \r shows as ^M). */
export function tsvCell(v: unknown): string {
  return oneLine(formatCell(v, ','));
}

/** Table cells stay on one line too; an empty cell shows "-". */
export function ttyCell(v: unknown): string {
  const s = oneLine(formatCell(v, ', '));
  return s === '' ? '-' : s;
}

function oneLine(text: string): string {
  return sanitize(text.replace(/(?:\r?\n|\t)+/g, ' '));
}

export function formatCell(v: unknown, joiner: string): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? stringifyJson(x) : String(x))).join(joiner);
  if (typeof v === 'object') return stringifyJson(v);
  return String(v);
}

/**
 * One CSV line (RFC 4180) without its line break. A cell that a spreadsheet would read as a
 * formula (starting with =, +, -, @, tab or CR) gets a leading ', as OWASP advises against CSV
 * injection: a display name like `=HYPERLINK(...)` must stay text in the admin's Excel. Numbers are
 * left alone; they cannot carry a formula. Control characters are made visible as everywhere else;
 * line breaks stay, inside quotes.
 */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}

function csvCell(v: unknown): string {
  const text = formatCell(v, ',');
  const safe = typeof v !== 'number' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  const cell = sanitize(safe, { newlines: true, tabs: true });
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
