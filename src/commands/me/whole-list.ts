import type { FetchPage } from '../../paging.js';

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
