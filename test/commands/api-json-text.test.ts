import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJsonText } from '../../src/commands/api/json-text.js';
import { fieldsToBody, rawField } from '../../src/commands/api/fields.js';
import { serviceForPath } from '../../src/commands/api/services.js';

describe('formatJsonText', () => {
  it('lays out canonical JSON exactly as JSON.stringify does, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const compact = JSON.stringify(value);
        expect(formatJsonText(compact, 2)).toBe(JSON.stringify(value, null, 2));
        expect(formatJsonText(JSON.stringify(value, null, 4), 0)).toBe(compact);
        expect(formatJsonText(` \n${JSON.stringify(value, null, '\t')}\r\n`, 0)).toBe(compact);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps numbers, escapes and duplicate keys as sent', () => {
    expect(formatJsonText('{ "n" : 12345678901234567890, "s": "a\\"b\\\\", "n": 1.50 }')).toBe('{"n":12345678901234567890,"s":"a\\"b\\\\","n":1.50}');
    expect(formatJsonText('[ "\\u00e9 [not, an: array]" ]', 2)).toBe('[\n  "\\u00e9 [not, an: array]"\n]');
  });

  // Speed is the benchmark's business, never a timed assertion here: this only checks a 10 MB body round-trips.
  it('handles a 10 MB body', () => {
    const text = JSON.stringify({ results: Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `user ${i}`, tags: ['a', 'b'], note: 'x'.repeat(100) })) });
    expect(formatJsonText(text, 0)).toBe(text);
  });
});

describe('fieldsToBody', () => {
  it('builds any nesting of objects from bracket keys, in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(fc.stringMatching(/^[a-z_]{1,4}$/), { minLength: 1, maxLength: 3 }), { selector: (k) => k[0], maxLength: 8 }), (paths) => {
        const body = fieldsToBody(paths.map((p, i) => rawField(`${p[0]}${p.slice(1).map((k) => `[${k}]`).join('')}=${i}`)));
        paths.forEach((p, i) => expect(p.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], body)).toBe(String(i)));
      }),
    );
  });
});

describe('serviceForPath', () => {
  it.each([
    ['/v2/organization', 'organization'],
    ['/v2/users:sendPasswordReset', 'user'],
    ['/v2/user/navigations?x=1', 'user'],
    ['/v1/geolocation/text:search', 'partner-directory'],
    ['/v2/username', undefined],
    ['/v1/permissionsX', undefined],
    ['/', undefined],
  ])('%s → %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });
});
