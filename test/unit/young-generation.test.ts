import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';

// node:v8 is replaced so the test sees which flag a listing sets, without changing this process's heap.
const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ default: { setFlagsFromString }, setFlagsFromString }));

const { Printer } = await import('../../src/output/printer.js');

/** Prints `count` records as NDJSON, in pages of 100; returns the lines printed. */
async function print(count: number, start = 0): Promise<number> {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const p = new Printer({ io: { stdin: new PassThrough(), stdout, stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }, env: {}, ndjson: true });
  async function* pages() {
    for (let i = 0; i < count; i += 100) yield Array.from({ length: Math.min(100, count - i) }, (_, j) => ({ id: String(start + i + j) }));
  }
  await p.listPages(pages(), { columns: [{ header: 'ID', value: (r: { id: string }) => r.id }] });
  // The flag is set from a promise (node:v8 is loaded on demand); let it settle.
  await new Promise((resolve) => setImmediate(resolve));
  return out.split('\n').filter(Boolean).length;
}

describe('a long printed listing keeps V8\'s young generation at its size', () => {
  it('leaves V8 alone for a short listing, and holds the young generation from the 1,000th record on, once per process', async () => {
    expect(await print(999)).toBe(999);
    expect(setFlagsFromString).not.toHaveBeenCalled();

    expect(await print(2500, 10_000)).toBe(2500);
    expect(setFlagsFromString).toHaveBeenCalledTimes(1);
    expect(setFlagsFromString).toHaveBeenCalledWith('--semi-space-growth-factor=1');

    expect(await print(1500, 20_000)).toBe(1500);
    expect(setFlagsFromString).toHaveBeenCalledTimes(1);
  });
});
