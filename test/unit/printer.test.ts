import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colorEnabled, Printer, type View } from '../../src/output/printer.js';

function printer(options: { json?: string | boolean; tty?: boolean; env?: Record<string, string> } = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const p = new Printer({
    io: { stdin: new PassThrough(), stdout: out, stderr: err, stdinIsTTY: !!options.tty, stdoutIsTTY: !!options.tty, stderrIsTTY: !!options.tty },
    env: options.env ?? { NO_COLOR: '1' },
    json: options.json,
  });
  return { p, out: () => stdout, err: () => stderr };
}

interface Row { id: string; name: string; tags?: string[]; note?: string }
const VIEW: View<Row> = {
  columns: [
    { header: 'ID', value: (r) => r.id },
    { header: 'Name', value: (r) => r.name },
    { header: 'Tags', value: (r) => r.tags },
  ],
  fields: ['id', 'name', 'tags', 'note'],
};

describe('Printer', () => {
  it('prints [] for an empty list under --json', async () => {
    const t = printer({ json: true });
    await t.p.list([], VIEW);
    expect(t.out()).toBe('[]\n');
  });

  it('keeps TSV rows on one line whatever the values hold', async () => {
    const t = printer();
    await t.p.list([{ id: '1', name: 'a\tb\nc', tags: ['x', 'y'] }], VIEW);
    expect(t.out()).toBe('1\ta b c\tx,y\n');
  });

  it('does not truncate when piped, and truncates long cells on a terminal', async () => {
    const long = 'z'.repeat(200);
    const piped = printer();
    await piped.p.list([{ id: '1', name: long }], VIEW);
    expect(piped.out()).toContain(long);
    const tty = printer({ tty: true });
    await tty.p.list([{ id: '1', name: long }], VIEW);
    expect(tty.out()).not.toContain(long);
    expect(tty.out()).toContain('...');
  });

  it('accepts documented fields a record happens to lack', async () => {
    const t = printer({ json: 'id,note' });
    await t.p.list([{ id: '1', name: 'a' }], VIEW);
    expect(JSON.parse(t.out())).toEqual([{ id: '1', note: null }]);
  });

  it('streams NDJSON one record per line', async () => {
    const t = printer({ json: 'id' });
    async function* rows() {
      yield { id: '1', name: 'a' };
      yield { id: '2', name: 'b' };
    }
    expect(await t.p.stream(rows(), VIEW)).toBe(2);
    expect(t.out()).toBe('{"id":"1"}\n{"id":"2"}\n');
  });
});

describe('colorEnabled', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ TERM: 'dumb' }, true, false],
  ])('%j on tty=%s → %s', (env, tty, expected) => {
    expect(colorEnabled(env, tty)).toBe(expected);
  });
});

describe('--json fields on empty lists', () => {
  it('checks fields on an empty list against the documented ones', async () => {
    const t = printer({ json: 'bogus' });
    await expect(t.p.list([], VIEW)).rejects.toThrow('Unknown field "bogus"');
  });
});
