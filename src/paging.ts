import { InvalidArgumentError, type Command, type OptionValues } from '@commander-js/extra-typings';
import type { Page } from './api/types.js';
import type { Context } from './context.js';
import { EpiError } from './errors.js';
import type { View } from './output/printer.js';

export interface PageFlags {
  limit?: number;
  all?: boolean;
  ndjson?: boolean;
}

export type { Page };

/**
 * Fetches one page. `offset` is undefined for the first page, so no request carries `offset=0`
 * (some epilot APIs reject it).
 */
export type FetchPage<T> = (offset: number | undefined, size: number) => Promise<Page<T>>;

export const DEFAULT_LIMIT = 50;

/** Adds --limit, --all and --ndjson, typed, to a verb's flags. */
export function pagingFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--limit <n>', `return at most n records (default: ${DEFAULT_LIMIT})`, (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--limit takes a whole number of 1 or more.');
      return n;
    })
    .option('--all', 'follow every page until the end (ignores --limit)')
    .option('--ndjson', 'stream one JSON record per line while paging');
}

/** Yields records page by page; stops at --limit unless --all, or at a short or empty page. */
export async function* paginate<T>(fetchPage: FetchPage<T>, flags: PageFlags, maxPageSize: number, onCutOff?: (shown: number, total?: number) => void): AsyncGenerator<T> {
  const limit = flags.all ? Number.POSITIVE_INFINITY : (flags.limit ?? DEFAULT_LIMIT);
  let offset = 0;
  while (offset < limit) {
    const size = Math.min(maxPageSize, limit - offset);
    const page = await fetchPage(offset || undefined, size);
    for (const item of page.items.slice(0, size)) yield item;
    offset += page.items.length;
    const more = page.total !== undefined ? offset < page.total : page.items.length >= size;
    if (page.items.length === 0 || !more) return;
    if (offset >= limit) onCutOff?.(offset, page.total);
  }
}

/** Prints a paged listing: streamed as NDJSON, or collected into one table / JSON array. */
export async function printPaged<T>(ctx: Context, fetchPage: FetchPage<T>, view: View<T>, flags: PageFlags, maxPageSize = 100): Promise<void> {
  const cutOff = (shown: number, total?: number) =>
    ctx.out.warn(
      total !== undefined
        ? `Showing ${shown} of ${total} records. Use --all for every record, or --limit <n>.`
        : `Stopped at --limit ${shown}; more records may exist. Use --all for every record, or --limit <n>.`,
    );
  ctx.out.expectFields(view);
  const records = paginate(fetchPage, flags, maxPageSize, cutOff);
  if (ctx.out.format === 'ndjson') {
    await ctx.out.stream(records, view);
    return;
  }
  const rows: T[] = [];
  for await (const r of records) rows.push(r);
  await ctx.out.list(rows, view);
}

/**
 * Pages over an API that returns its whole list in one response (me settings, passkeys, login
 * parameters): one request, then pages cut from it, so --limit, --all, --ndjson and the cut-off
 * warning behave exactly as they do for APIs that page on the server.
 */
export function wholeListPages<T>(load: () => Promise<T[] | undefined>): FetchPage<T> {
  let all: Promise<T[] | undefined> | undefined;
  return async (offset = 0, size) => {
    all ??= load();
    const items = (await all) ?? [];
    return { items: items.slice(offset, offset + size), total: items.length };
  };
}

/**
 * Pages for an API that counts pages instead of records (`limit` and a zero-based `page`). The
 * first page fixes the page size: the one asked for, or fewer when the server serves fewer per page
 * while reporting more. Every later offset is then a whole number of pages; if a server breaks
 * that, paging stops with an error rather than skipping or repeating records.
 */
export function pageNumberPages<T>(load: (page: number, limit: number) => Promise<Page<T>>): FetchPage<T> {
  let pageSize: number | undefined;
  return async (offset = 0, size) => {
    if (pageSize === undefined) {
      const first = await load(0, size);
      const more = first.total !== undefined && first.total > first.items.length;
      pageSize = more && first.items.length > 0 && first.items.length < size ? first.items.length : size;
      return { items: first.items.slice(0, size), total: first.total };
    }
    if (offset % pageSize !== 0) {
      throw new EpiError(`The API changed its page size while paging (a page of ${pageSize} records, then a break at record ${offset}).`, {
        hint: 'Retry, or narrow the query so fewer pages are needed.',
      });
    }
    const next = await load(offset / pageSize, pageSize);
    return { items: next.items.slice(0, size), total: next.total };
  };
}
