import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasInexactNumber, parseExactJson, stringifyJson } from '../../src/exact-json.js';

describe('exact JSON', () => {
  it('keeps numbers a JavaScript number would round, and makes the others plain numbers', async () => {
    const value = (await parseExactJson('{"big":4915112345678901234,"n":42,"f":0.5,"list":[1e400,"x"]}')) as Record<string, unknown>;
    expect(value.n).toBe(42);
    expect(value.f).toBe(0.5);
    expect(hasInexactNumber(value)).toBe(true);
    expect(hasInexactNumber({ n: 42 })).toBe(false);
    expect(stringifyJson(value)).toBe('{"big":4915112345678901234,"n":42,"f":0.5,"list":[1e400,"x"]}');
  });

  it('writes every other value exactly as JSON.stringify does, once the exact parser is loaded', async () => {
    await parseExactJson('1');
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, space) => {
        expect(stringifyJson(value, null, space)).toBe(JSON.stringify(value, null, space));
      }),
    );
    const odd = { a: undefined, d: new Date(0), nested: [undefined, Number.NaN, -0], s: 'é\u001b"' };
    expect(stringifyJson(odd, null, 2)).toBe(JSON.stringify(odd, null, 2));
  });

  it('rejects text that is not JSON', async () => {
    await expect(parseExactJson('{"a":')).rejects.toThrow();
  });
});
