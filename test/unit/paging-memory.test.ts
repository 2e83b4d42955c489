import { describe, expect, it, vi } from 'vitest';

// node:v8 is replaced so the test sees which flag a listing sets, without changing this process's heap.
const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ default: { setFlagsFromString }, setFlagsFromString }));

const { paginate } = await import('../../src/paging.js');

/** A listing of `count` records with ids, in pages of 100, and the number of records read. */
async function read(count: number, start = 0): Promise<number> {
  const fetchPage = async (offset: number | undefined, size: number) => ({
    items: Array.from({ length: Math.max(0, Math.min(size, count - (offset ?? 0))) }, (_, i) => ({ id: String(start + (offset ?? 0) + i) })),
  });
  let n = 0;
  for await (const page of paginate(fetchPage, { all: true, pageSize: 100 })) n += page.length;
  // The flag is set from a promise (node:v8 is loaded on demand); let it settle.
  await new Promise((resolve) => setImmediate(resolve));
  return n;
}

describe('paginate: a long listing keeps the young generation at its size', () => {
  it('leaves V8 alone for a short listing, and holds its young generation from the 1,000th record on, once per process', async () => {
    expect(await read(999)).toBe(999);
    expect(setFlagsFromString).not.toHaveBeenCalled();

    expect(await read(2500, 10_000)).toBe(2500);
    expect(setFlagsFromString).toHaveBeenCalledTimes(1);
    expect(setFlagsFromString).toHaveBeenCalledWith('--semi-space-growth-factor=1');

    expect(await read(1500, 20_000)).toBe(1500);
    expect(setFlagsFromString).toHaveBeenCalledTimes(1);
  });
});
