import { describe, expect, it } from 'vitest';
import { paginate, PagingError, type Page, type PagingOptions } from '../../src/paging.js';

interface Rec {
  id: number;
}

/**
 * A listing of `count` records ({id}), answered by `answer` (default: the records at that offset),
 * with every request and the peak number in flight recorded. Each answer waits for `gate`, so a
 * test can release pages in any order.
 */
function source(count: number, options: { total?: (offset: number) => number | undefined; answer?: (offset: number, size: number) => Rec[]; manual?: boolean } = {}) {
  const calls: Array<[number | undefined, number]> = [];
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  let peak = 0;
  const records = (offset: number, size: number) => Array.from({ length: Math.max(0, Math.min(size, count - offset)) }, (_, i) => ({ id: offset + i }));
  const fetchPage = async (offset: number | undefined, size: number): Promise<Page<Rec>> => {
    calls.push([offset, size]);
    peak = Math.max(peak, ++inFlight);
    if (options.manual) await new Promise<void>((r) => waiting.push(r));
    else await Promise.resolve();
    inFlight--;
    const start = offset ?? 0;
    const items = (options.answer ?? records)(start, size);
    const total = options.total?.(start);
    return total === undefined ? { items } : { items, total };
  };
  return { calls, fetchPage, peak: () => peak, waiting };
}

async function collect(pages: AsyncIterable<Rec[]>): Promise<{ ids: number[]; pages: number; error?: unknown }> {
  const ids: number[] = [];
  let n = 0;
  try {
    for await (const page of pages) {
      n++;
      ids.push(...page.map((r) => r.id));
    }
    return { ids, pages: n };
  } catch (error) {
    return { ids, pages: n, error };
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const all = (o: Partial<PagingOptions> = {}): PagingOptions => ({ all: true, pageSize: 100, ...o });

describe('paginate: where it stops', () => {
  it('stops at --limit, never sends offset 0, and reports the cut-off', async () => {
    const s = source(500);
    const cut: number[] = [];
    const got = await collect(paginate(s.fetchPage, { limit: 120, pageSize: 50, onCutOff: (shown) => cut.push(shown) }));
    expect(got.ids).toEqual(range(0, 120));
    expect(s.calls).toEqual([[undefined, 50], [50, 50], [100, 20]]);
    expect(cut).toEqual([120]);
  });

  it('--all without a total reads ahead and stops at the first short page', async () => {
    const s = source(230);
    const got = await collect(paginate(s.fetchPage, all()));
    expect(got).toEqual({ ids: range(0, 230), pages: 3 });
    // The first page alone, then a window of 4: the pages past the short one are the waste (at most window - 1).
    expect(s.calls).toEqual([[undefined, 100], [100, 100], [200, 100], [300, 100], [400, 100], [500, 100]]);
  });

  it('stops on an empty page when the last page was exactly full', async () => {
    const s = source(200);
    const got = await collect(paginate(s.fetchPage, all({ window: 1 })));
    expect(got.ids).toHaveLength(200);
    expect(s.calls).toEqual([[undefined, 100], [100, 100], [200, 100]]);
  });

  it('never requests past a reported total, and says what --limit cut', async () => {
    const s = source(1000, { total: () => 1000 });
    const got = await collect(paginate(s.fetchPage, all()));
    expect(got.ids).toEqual(range(0, 1000));
    expect(s.calls.map(([o]) => o ?? 0)).toEqual(range(0, 10).map((i) => i * 100));
    const cut: Array<[number, number | undefined]> = [];
    await collect(paginate(source(200, { total: () => 200 }).fetchPage, { limit: 10, pageSize: 100, onCutOff: (n, t) => cut.push([n, t]) }));
    expect(cut).toEqual([[10, 200]]);
  });

  it('gives no cut-off warning when everything fits', async () => {
    const cut: number[] = [];
    await collect(paginate(source(10).fetchPage, { limit: 50, pageSize: 100, onCutOff: (n) => cut.push(n) }));
    expect(cut).toEqual([]);
  });

  it('takes a short page before the total as the API\'s own page size and carries on from there', async () => {
    // The API serves at most 30 per page but reports the true total.
    const s = source(100, { total: () => 100, answer: (offset, size) => range(offset, Math.min(offset + Math.min(size, 30), 100)).map((id) => ({ id })) });
    const got = await collect(paginate(s.fetchPage, all({ pageSize: 50 })));
    expect(got.ids).toEqual(range(0, 100));
  });
});

describe('paginate: a listing that would not end fails', () => {
  it('fails when a page brings no new id, after yielding the pages before it', async () => {
    const s = source(0, { answer: (_offset, size) => range(0, size).map((id) => ({ id })) });
    const got = await collect(paginate(s.fetchPage, all({ window: 1 })));
    expect(got.ids).toEqual(range(0, 100));
    expect(got.error).toBeInstanceOf(PagingError);
    expect((got.error as PagingError).message).toBe('The API sent the same 100 record(s) again at offset 100; stopped paging after 100 records.');
    expect(s.calls).toHaveLength(2);
  });

  it('drops records repeated within an otherwise new page', async () => {
    const s = source(0, { answer: (offset) => (offset === 0 ? [{ id: 1 }, { id: 2 }] : offset === 2 ? [{ id: 2 }, { id: 3 }] : []) });
    const got = await collect(paginate(s.fetchPage, all({ pageSize: 2, window: 1 })));
    expect(got).toEqual({ ids: [1, 2, 3], pages: 2 });
  });

  it('fails when the API sends more than the total it reported', async () => {
    const s = source(1000, { total: () => 150, answer: (offset, size) => range(offset, offset + size).map((id) => ({ id })) });
    const got = await collect(paginate(s.fetchPage, all({ pageSize: 100, window: 1 })));
    expect(got.ids).toEqual(range(0, 150));
    expect((got.error as Error).message).toBe('The API reported 150 records in total but sent more; stopped after 150.');
  });

  it('fails when the total changes between pages (shrinking or growing), keeping what came before', async () => {
    for (const later of [150, 5000]) {
      const s = source(1000, { total: (offset) => (offset === 0 ? 1000 : later) });
      const got = await collect(paginate(s.fetchPage, all({ window: 1 })));
      expect(got.ids).toEqual(range(0, 100));
      expect(s.calls).toHaveLength(2);
      expect(got.error).toBeInstanceOf(PagingError);
      expect((got.error as PagingError).message).toBe(`The API's total changed from 1000 to ${later} while paging; stopped after 100 records.`);
      expect((got.error as PagingError).hint).toBe('The list changed while epi read it, so records may be missing or repeated. Retry the command.');
    }
  });

  it('fails when the listing reaches its total with fewer different records (ids repeated inside a page)', async () => {
    const s = source(0, { total: () => 3, answer: () => [{ id: 1 }, { id: 1 }, { id: 2 }] });
    const got = await collect(paginate(s.fetchPage, all({ window: 1 })));
    expect(got.ids).toEqual([1, 2]);
    expect((got.error as PagingError).message).toBe('The API reported 3 records in total but sent 2 different ones (1 repeated).');
    expect(s.calls).toHaveLength(1);
  });

  it('fails at the page cap when full pages never stop, having yielded exactly the cap', async () => {
    const s = source(Number.MAX_SAFE_INTEGER);
    const got = await collect(paginate(s.fetchPage, all({ maxRecords: 250 })));
    expect(got.ids).toEqual(range(0, 250));
    expect((got.error as PagingError).message).toBe('Stopped after 250 records: the listing has more than --max-records allows.');
    expect((got.error as PagingError).hint).toContain('--max-records <n> or EPI_MAX_RECORDS');
    // One record past the cap is asked for, to tell "exactly 250" from "more".
    expect(s.calls).toEqual([[undefined, 100], [100, 100], [200, 51]]);
  });

  it('a listing of exactly the cap succeeds', async () => {
    const got = await collect(paginate(source(250).fetchPage, all({ maxRecords: 250 })));
    expect(got.error).toBeUndefined();
    expect(got.ids).toHaveLength(250);
  });

  it('fails at once when the reported total is beyond the cap', async () => {
    const s = source(1e12, { total: () => 1e12 });
    const got = await collect(paginate(s.fetchPage, all()));
    expect(got.ids).toEqual([]);
    expect((got.error as Error).message).toBe('The API reports 1000000000000 records, more than --max-records allows (100000).');
    expect(s.calls).toHaveLength(1);
  });

  it('fails when a page is empty although the reported total says more', async () => {
    const s = source(100, { total: () => 300 });
    const got = await collect(paginate(s.fetchPage, all({ window: 1 })));
    expect(got.ids).toEqual(range(0, 100));
    expect((got.error as Error).message).toBe('The API reported 300 records but sent none at offset 100; stopped after 100.');
  });
});

describe('paginate: the read-ahead window', () => {
  it('keeps at most `window` pages in flight and yields them strictly in order, whatever order they answer in', async () => {
    const s = source(1000, { total: () => 1000, manual: true });
    const order: number[] = [];
    const run = (async () => {
      for await (const page of paginate(s.fetchPage, all({ window: 3 }))) order.push(page[0]!.id);
    })();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    await tick();
    expect(s.calls).toHaveLength(1); // the first page goes alone: its answer tells whether there is a total
    s.waiting.shift()!();
    while (order.length < 10) {
      await tick();
      // Answer the newest request first, so pages arrive out of order.
      s.waiting.pop()?.();
    }
    await run;
    expect(order).toEqual(range(0, 10).map((i) => i * 100));
    expect(s.peak()).toBe(3);
  });

  it('the first failing page in order is the error; pages before it are yielded', async () => {
    const fetchPage = async (offset: number | undefined, size: number): Promise<Page<Rec>> => {
      if (offset === 200) throw new Error('page at 200 failed');
      return { items: range(offset ?? 0, (offset ?? 0) + size).map((id) => ({ id })) };
    };
    const got = await collect(paginate(fetchPage, all()));
    expect(got.ids).toEqual(range(0, 200));
    expect((got.error as Error).message).toBe('page at 200 failed');
  });
});
