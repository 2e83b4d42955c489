import { describe, expect, it } from 'vitest';
import { paginate, type Page } from '../../src/paging.js';

function source(total: number, reportTotal = false) {
  const calls: Array<[number | undefined, number]> = [];
  const fetchPage = async (offset: number | undefined, size: number): Promise<Page<number>> => {
    calls.push([offset, size]);
    const start = offset ?? 0;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
    return reportTotal ? { items, total } : { items };
  };
  return { calls, fetchPage };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('paginate', () => {
  it('stops at --limit, never sends offset 0, and reports the cut-off', async () => {
    const s = source(500);
    const cut: number[] = [];
    const got = await all(paginate(s.fetchPage, { limit: 120 }, 50, (shown) => cut.push(shown)));
    expect(got).toHaveLength(120);
    expect(s.calls).toEqual([[undefined, 50], [50, 50], [100, 20]]);
    expect(cut).toEqual([120]);
  });

  it('--all follows pages until a short page', async () => {
    const s = source(230);
    const got = await all(paginate(s.fetchPage, { all: true }, 100));
    expect(got).toEqual(Array.from({ length: 230 }, (_, i) => i));
    expect(s.calls).toEqual([[undefined, 100], [100, 100], [200, 100]]);
  });

  it('stops on an empty page when the last page was exactly full', async () => {
    const s = source(200);
    await all(paginate(s.fetchPage, { all: true }, 100));
    expect(s.calls).toEqual([[undefined, 100], [100, 100], [200, 100]]);
  });

  it('uses a reported total to avoid the extra request and to say what was cut', async () => {
    const s = source(200, true);
    const cut: Array<[number, number | undefined]> = [];
    await all(paginate(s.fetchPage, { all: true }, 100));
    expect(s.calls).toHaveLength(2);
    await all(paginate(source(200, true).fetchPage, { limit: 10 }, 100, (n, t) => cut.push([n, t])));
    expect(cut).toEqual([[10, 200]]);
  });

  it('gives no cut-off warning when everything fits', async () => {
    const cut: number[] = [];
    await all(paginate(source(10).fetchPage, { limit: 50 }, 100, (n) => cut.push(n)));
    expect(cut).toEqual([]);
  });
});
