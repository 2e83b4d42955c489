import { InvalidArgumentError, type Command, type OptionValues } from '@commander-js/extra-typings';
import type { Page } from './api/types.js';
import type { Context } from './context.js';
import { EpiError } from './errors.js';
import { DEFAULT_MAX_RECORDS } from './limits.js';
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

export interface PagingOptions {
  all?: boolean;
  limit?: number;
  /** Records asked for per request. */
  pageSize: number;
  /** Paging fails rather than return more records than this (--max-records). */
  maxRecords?: number;
  /** Pages in flight at once; a bulk command passes no more than its --concurrency. */
  window?: number;
  /** Called when --limit cut the listing short of what the API has. */
  onCutOff?: (shown: number, total?: number) => void;
}

export const DEFAULT_LIMIT = 50;
/** Four requests in flight turn 401 pages × 50 ms from 20 s into 5 s without crowding the API. */
export const DEFAULT_WINDOW = 4;

/** Adds --limit, --all and --ndjson, typed, to a verb's flags. */
export function pagingFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--limit <n>', `return at most n records (default: ${DEFAULT_LIMIT})`, (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--limit takes a whole number of 1 or more.');
      return n;
    })
    .option('--all', 'follow every page until the end (ignores --limit; stops at --max-records)')
    .option('--ndjson', 'stream one JSON record per line while paging');
}

/** A listing that cannot be trusted to end, or to be what the API says it is. */
export class PagingError extends EpiError {}

interface InFlight<T> {
  offset: number;
  size: number;
  page: Promise<Page<T>>;
}

/**
 * Yields a listing page by page, in order. The first request goes alone (its answer says whether
 * the API reports a total); then up to `window` pages are in flight, never past the total, the
 * --limit or the --max-records cap. Without a total the read-ahead ends at the first short page,
 * having asked for at most window - 1 pages too many; a listing that ends well, or that its reader
 * stops reading, waits for those answers, so no request outlives the command. 429 backs off per request (the HTTP client's retry).
 *
 * Nothing the server says is trusted to end the listing: a page that brings no new id, more
 * records than the reported total, fewer different records than it, a total that changes between
 * pages, or more than --max-records fail with PagingError, after the records before that point
 * have been yielded.
 */
export async function* paginate<T>(fetchPage: FetchPage<T>, o: PagingOptions): AsyncGenerator<T[]> {
  const maxRecords = o.maxRecords ?? DEFAULT_MAX_RECORDS;
  const wanted = o.all ? Number.POSITIVE_INFINITY : (o.limit ?? DEFAULT_LIMIT);
  // One record past the cap tells "exactly at the cap" from "more than the cap".
  const fetchUpTo = Math.min(wanted, maxRecords + 1);
  const window = Math.max(1, o.window ?? DEFAULT_WINDOW);
  const seen = new Set<unknown>();
  const inFlight: Array<InFlight<T>> = [];
  const unanswered = new Set<Promise<unknown>>();
  let yielded = 0;
  /** Records taken from pages so far, repeats included: the server's offset. */
  let position = 0;
  let next = 0;
  let total: number | undefined;

  const fill = (room: number) => {
    while (inFlight.length < room) {
      // Repeated records take offsets without counting towards the limit.
      const size = Math.min(o.pageSize, fetchUpTo + (position - yielded) - next);
      if (size <= 0 || (total !== undefined && next >= total)) return;
      const page = fetchPage(next || undefined, size);
      // Handled here too, so read-ahead past a failure is no unhandled rejection.
      const answered: Promise<unknown> = page.then(
        () => unanswered.delete(answered),
        () => unanswered.delete(answered),
      );
      unanswered.add(answered);
      inFlight.push({ offset: next, size, page });
      next += size;
    }
  };

  let failed = false;
  try {
    fill(1);
    for (let request = inFlight.shift(); request; request = inFlight.shift()) {
      const page = await request.page;
      const items = page.items.slice(0, request.size);
      if (page.total !== undefined && total !== undefined && page.total !== total) {
        throw new PagingError(`The API's total changed from ${total} to ${page.total} while paging; stopped after ${yielded} records.`, {
          hint: 'The list changed while epi read it, so records may be missing or repeated. Retry the command.',
        });
      }
      total = page.total ?? total;
      if (total !== undefined && total > maxRecords && wanted > maxRecords) throw tooMany(maxRecords, `The API reports ${total} records, more than --max-records allows (${maxRecords}).`);
      const fresh = items.filter((item) => {
        const id = idOf(item);
        return id === undefined || (!seen.has(id) && !!seen.add(id));
      });
      position += items.length;
      if (items.length > 0 && fresh.length === 0) {
        throw new PagingError(`The API sent the same ${items.length} record(s) again at offset ${request.offset}; stopped paging after ${yielded} records.`, {
          hint: 'The listing would never end. Retry; if it persists, run with --debug and report it.',
        });
      }
      if (total !== undefined && yielded + fresh.length > total) {
        if (total > yielded) yield fresh.slice(0, total - yielded);
        throw new PagingError(`The API reported ${total} records in total but sent more; stopped after ${total}.`, {
          hint: 'The listing cannot be trusted. Retry; if it persists, run with --debug and report it.',
        });
      }
      if (yielded + fresh.length > maxRecords) {
        if (maxRecords > yielded) yield fresh.slice(0, maxRecords - yielded);
        throw tooMany(maxRecords, `Stopped after ${maxRecords} records: the listing has more than --max-records allows.`);
      }
      if (yielded + fresh.length >= wanted) {
        if (fresh.length) yield fresh.slice(0, wanted - yielded);
        if (total !== undefined ? total > wanted : items.length >= request.size) o.onCutOff?.(wanted, total);
        return;
      }
      if (fresh.length) yield fresh;
      yielded += fresh.length;

      if (total !== undefined && position >= total) break;
      if (items.length < request.size) {
        if (total === undefined) break;
        if (items.length === 0) {
          throw new PagingError(`The API reported ${total} records but sent none at offset ${position}; stopped after ${yielded}.`, {
            hint: 'The list may have changed while paging. Retry the command.',
          });
        }
        // A short page before the total: the offsets in flight no longer line up, so resume here.
        inFlight.length = 0;
        next = position;
      }
      fill(window);
    }
    // Every offset up to the total was read, yet fewer distinct records came: some were repeats.
    if (total !== undefined && position >= total && yielded < total) {
      throw new PagingError(`The API reported ${total} records in total but sent ${yielded} different ones (${position - yielded} repeated).`, {
        hint: 'The listing cannot be trusted to be complete. Retry; if it persists, run with --debug and report it.',
      });
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // Also when the reader stops early (a search that found what it looked for).
    if (!failed) await Promise.all(unanswered);
  }
}

function tooMany(maxRecords: number, message: string): PagingError {
  return new PagingError(message, {
    hint: `Narrow the listing (e.g. --query), or raise the cap of ${maxRecords} with --max-records <n> or EPI_MAX_RECORDS if it really is this long.`,
  });
}

/** A record's id, for telling new records from repeated ones; records without one are always new. */
function idOf(item: unknown): unknown {
  const id = item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** Every record of a listing, one at a time, for reads that search it (the user resolver, --skip-existing). */
export async function* eachRecord<T>(fetchPage: FetchPage<T>, o: Omit<PagingOptions, 'all' | 'limit' | 'onCutOff'>): AsyncGenerator<T> {
  for await (const page of paginate(fetchPage, { ...o, all: true })) yield* page;
}

/**
 * Prints a paged listing. NDJSON and TSV are written page by page; with --all, --json streams its
 * array as pages arrive (a failure part-way leaves it visibly unterminated). Tables and --json
 * without --all are printed once the listing is complete.
 */
export async function printPaged<T>(ctx: Context, fetchPage: FetchPage<T>, view: View<T>, flags: PageFlags, pageSize = 100): Promise<void> {
  const cutOff = (shown: number, total?: number) =>
    ctx.out.warn(
      total !== undefined
        ? `Showing ${shown} of ${total} records. Use --all for every record, or --limit <n>.`
        : `Stopped at --limit ${shown}; more records may exist. Use --all for every record, or --limit <n>.`,
    );
  ctx.out.expectFields(view);
  const pages = paginate(fetchPage, { all: flags.all, limit: flags.limit, pageSize, maxRecords: ctx.limits.maxRecords, onCutOff: cutOff });
  await ctx.out.listPages(pages, view, { streamJson: flags.all });
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
