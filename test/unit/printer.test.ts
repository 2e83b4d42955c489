import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EpiError, UsageError } from '../../src/errors.js';
import { colorEnabled, fitWidths, Printer, type View } from '../../src/output/printer.js';

type PrinterFlags = { json?: string | boolean; format?: string; ndjson?: boolean; jq?: string };

function printer(options: PrinterFlags & { tty?: boolean; env?: Record<string, string> } = {}) {
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
    format: options.format,
    ndjson: options.ndjson,
    jq: options.jq,
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

  it('does not truncate when piped, and fits a table to the terminal, cutting the widest column', async () => {
    const long = 'z'.repeat(200);
    const piped = printer();
    await piped.p.list([{ id: '1', name: long }], VIEW);
    expect(piped.out()).toContain(long);
    const tty = printer({ tty: true, env: { NO_COLOR: '1', COLUMNS: '40' } });
    await tty.p.list([{ id: '12345', name: long, tags: ['a'] }], VIEW);
    const lines = tty.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[1]).toMatch(/^12345 +z+… +a$/);
  });

  it('never cuts a table written to a pipe (--format table)', async () => {
    const t = printer({ format: 'table', env: { NO_COLOR: '1', COLUMNS: '20' } });
    await t.p.list([{ id: '1', name: 'z'.repeat(200) }], VIEW);
    expect(t.out()).toContain('z'.repeat(200));
  });

  it('keeps a table whole when it fits the terminal', async () => {
    const t = printer({ tty: true, env: { NO_COLOR: '1', COLUMNS: '300' } });
    await t.p.list([{ id: '1', name: 'z'.repeat(200) }], VIEW);
    expect(t.out()).toContain('z'.repeat(200));
  });

  it('accepts documented fields a record happens to lack', async () => {
    const t = printer({ json: 'id,note' });
    await t.p.list([{ id: '1', name: 'a' }], VIEW);
    expect(JSON.parse(t.out())).toEqual([{ id: '1', note: null }]);
  });

  it('streams NDJSON one record per line', async () => {
    const t = printer({ json: 'id', ndjson: true });
    await t.p.listPages(pagesOf([{ id: '1', name: 'a' }], [{ id: '2', name: 'b' }]), VIEW);
    expect(t.out()).toBe('{"id":"1"}\n{"id":"2"}\n');
  });
});

async function* pagesOf<T>(...pages: T[][]): AsyncGenerator<T[]> {
  for (const page of pages) yield page;
}

/** A stdout that records each write, to count them. */
function countingPrinter(options: { json?: string | boolean; ndjson?: boolean; format?: string } = {}) {
  const writes: string[] = [];
  const stdout = new PassThrough();
  const write = stdout.write.bind(stdout);
  stdout.write = ((chunk: string, ...rest: never[]) => (writes.push(String(chunk)), write(chunk, ...rest))) as typeof stdout.write;
  stdout.resume();
  const p = new Printer({ io: { stdin: new PassThrough(), stdout, stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }, env: {}, ...options });
  return { p, writes, out: () => writes.join('') };
}

describe('Printer.listPages', () => {
  const pageA: Row[] = [
    { id: '1', name: 'a', tags: ['x', 'y'] },
    { id: '2', name: 'b\nc' },
  ];
  const pageB: Row[] = [{ id: '3', name: 'd' }];

  it('writes NDJSON, TSV and CSV once per page', async () => {
    const nd = countingPrinter({ ndjson: true });
    await nd.p.listPages(pagesOf(pageA, pageB), VIEW);
    expect(nd.writes).toEqual([`${JSON.stringify(pageA[0])}\n${JSON.stringify(pageA[1])}\n`, `${JSON.stringify(pageB[0])}\n`]);
    const tsv = countingPrinter();
    await tsv.p.listPages(pagesOf(pageA, pageB), VIEW);
    expect(tsv.writes).toEqual(['1\ta\tx,y\n2\tb c\t\n', '3\td\t\n']);
    const csv = countingPrinter({ format: 'csv' });
    await csv.p.listPages(pagesOf(pageA, pageB), VIEW);
    const buffered = countingPrinter({ format: 'csv' });
    await buffered.p.list([...pageA, ...pageB], VIEW);
    expect(csv.writes).toHaveLength(2);
    expect(csv.out()).toBe(buffered.out());
  });

  it('streams the --json array page by page, byte for byte what a buffered list prints', async () => {
    const streamed = countingPrinter({ json: true });
    await streamed.p.listPages(pagesOf(pageA, [], pageB), VIEW, { streamJson: true });
    expect(streamed.writes).toHaveLength(3);
    const buffered = countingPrinter({ json: true });
    await buffered.p.list([...pageA, ...pageB], VIEW);
    expect(streamed.out()).toBe(buffered.out());
    expect(JSON.parse(streamed.out())).toEqual([...pageA, ...pageB]);
  });

  it('prints [] for an empty streamed listing', async () => {
    const t = countingPrinter({ json: 'id' });
    await t.p.listPages(pagesOf([]), VIEW, { streamJson: true });
    expect(t.out()).toBe('[]\n');
  });

  it('leaves a streamed array unterminated when paging fails part-way', async () => {
    const t = countingPrinter({ json: 'id' });
    async function* failing() {
      yield pageA;
      throw new Error('page 2 failed');
    }
    await expect(t.p.listPages(failing(), VIEW, { streamJson: true })).rejects.toThrow('page 2 failed');
    expect(t.out()).toBe('[\n  {\n    "id": "1"\n  },\n  {\n    "id": "2"\n  }');
  });

  it('prints nothing of a --json list without streamJson when paging fails', async () => {
    const t = countingPrinter({ json: true });
    async function* failing() {
      yield pageA;
      throw new Error('page 2 failed');
    }
    await expect(t.p.listPages(failing(), VIEW)).rejects.toThrow('page 2 failed');
    expect(t.out()).toBe('');
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

const HOSTILE = 'Eve\u001b]52;c;cm0gLXJmIH4=\u0007\u009b2J\r\bX';
const SHOWN = 'Eve^[]52;c;cm0gLXJmIH4=^G^[[2J^M^HX';

describe('server text on its way to a terminal', () => {
  it('is made visible in tables, TSV, records and messages', async () => {
    const row = { id: '1', name: HOSTILE };
    const table = printer({ tty: true, env: { NO_COLOR: '1', COLUMNS: '200' } });
    await table.p.list([row], VIEW);
    await table.p.record(row, VIEW);
    table.p.warn(`user ${HOSTILE} skipped`);
    const tsv = printer();
    await tsv.p.list([row], VIEW);
    await tsv.p.record({ [HOSTILE]: HOSTILE });
    for (const text of [table.out(), table.err(), tsv.out()]) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(table.out()).toContain(`1   ${SHOWN}`);
    expect(table.err()).toBe(`warning: user ${SHOWN} skipped\n`);
    expect(tsv.out()).toBe(`1\t${SHOWN}\t\n${SHOWN}\t${SHOWN}\n`);
  });

  it('keeps JSON escaping under --json, with C1 escaped too', async () => {
    const t = printer({ json: true });
    await t.p.record({ name: HOSTILE });
    expect(t.out()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(t.out())).toEqual({ name: HOSTILE });
  });
});

describe('--format', () => {
  const rows = [{ id: '1', name: '=HYPERLINK("http://evil.example","x")', tags: ['a', 'b'] }, { id: '2', name: 'Zoë "Z", Ltd\nBerlin' }];

  it('csv: a header row, RFC 4180 quoting, CRLF, and formulas defused', async () => {
    const t = printer({ format: 'csv' });
    await t.p.list(rows, VIEW);
    expect(t.out()).toBe('ID,Name,Tags\r\n1,"\'=HYPERLINK(""http://evil.example"",""x"")","a,b"\r\n2,"Zoë ""Z"", Ltd\nBerlin",\r\n');
  });

  it.each(['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'])('csv prefixes %j with a quote', async (name) => {
    const t = printer({ format: 'csv' });
    await t.p.list([{ id: '1', name }], VIEW);
    expect(t.out().split('\r\n')[1]!.split(',')[1]).toMatch(/^"?'/);
  });

  it('csv leaves numbers alone: they cannot carry a formula', async () => {
    const t = printer({ format: 'csv' });
    await t.p.record({ balance: -5, note: '-5' });
    expect(t.out()).toBe("balance,note\r\n-5,'-5\r\n");
  });

  it('ndjson: one compact record per line, --json fields applied', async () => {
    const t = printer({ format: 'ndjson', json: 'id' });
    await t.p.list(rows, VIEW);
    expect(t.out()).toBe('{"id":"1"}\n{"id":"2"}\n');
  });

  it('tsv and table are available on any stream', async () => {
    const t = printer({ format: 'table', env: { NO_COLOR: '1', COLUMNS: '100' } });
    await t.p.list([{ id: '1', name: 'a' }], VIEW);
    expect(t.out()).toMatch(/^ID +Name +Tags\n1 +a +-\n$/);
    const tsv = printer({ format: 'tsv', tty: true });
    await tsv.p.list([{ id: '1', name: 'a' }], VIEW);
    expect(tsv.out()).toBe('1\ta\t\n');
  });

  it.each<[PrinterFlags, string]>([
    [{ json: true, format: 'csv' }, '--json cannot be combined with --format csv.'],
    [{ json: 'id', format: 'table' }, '--json cannot be combined with --format table.'],
    [{ ndjson: true, format: 'json' }, '--ndjson cannot be combined with --format json.'],
    [{ jq: '.', format: 'tsv' }, '--jq cannot be combined with --format tsv.'],
    [{ format: 'xml' }, 'Unknown --format "xml".'],
  ])('%j is a usage error naming both flags', (flags, message) => {
    expect(() => printer(flags)).toThrow(message);
  });

  it('--json with --format json or ndjson agree', () => {
    expect(printer({ json: true, format: 'ndjson' }).p.format).toBe('ndjson');
    expect(printer({ json: 'id', ndjson: true }).p.format).toBe('ndjson');
    expect(printer({ jq: '.' }).p.format).toBe('json');
  });
});

describe('fitWidths', () => {
  it('returns nothing when the table fits', () => {
    expect(fitWidths([10, 20], 30)).toBeUndefined();
  });
  it('takes characters from the widest column first', () => {
    expect(fitWidths([6, 40, 12], 40)).toEqual([6, 22, 12]);
    expect(fitWidths([30, 30], 40)).toEqual([20, 20]);
  });
  it('keeps a few characters of every column', () => {
    expect(fitWidths([10, 10, 10], 6)).toEqual([5, 5, 5]);
  });
});

describe('--json fields before the network', () => {
  it('prepare() rejects a field the view does not document', async () => {
    const t = printer({ json: 'id,nmae' });
    await expect(t.p.prepare(VIEW)).rejects.toThrow('Unknown field "nmae" in --json.');
    await expect(printer({ json: 'id,tags.0' }).p.prepare(VIEW)).resolves.toBeUndefined();
  });
});

describe('--jq', () => {
  it('runs over the JSON --json would print; strings come out raw', async () => {
    const t = printer({ jq: '.[] | select(.id == "2") | .name' });
    await t.p.prepare(VIEW);
    await t.p.list([{ id: '1', name: 'a' }, { id: '2', name: 'b\tc' }], VIEW);
    expect(t.out()).toBe('');
    await t.p.finish();
    expect(t.out()).toBe('b\tc\n');
  });

  it('prints non-strings as JSON and runs once per record under NDJSON', async () => {
    const t = printer({ jq: '{id}', ndjson: true });
    await t.p.list([{ id: '1', name: 'a' }, { id: '2', name: 'b' }], VIEW);
    await t.p.finish();
    expect(t.out()).toBe('{\n  "id": "1"\n}\n{\n  "id": "2"\n}\n');
  });

  it('makes raw strings visible on a terminal', async () => {
    const t = printer({ jq: '.name', tty: true });
    await t.p.record({ name: HOSTILE });
    await t.p.finish();
    expect(t.out()).toBe(`${SHOWN}\n`);
  });

  it('a syntax error is a usage error with jq\'s message, found before anything is fetched', async () => {
    const error = await printer({ jq: '.[' }).p.prepare().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--jq: jq: error: syntax error, unexpected end of file .*\n\.\[ \njq: 1 compile error$/s);
  });

  it('an error while running is a failure (exit 1) with jq\'s message', async () => {
    const t = printer({ jq: '.[] | .x' });
    await t.p.list([{ id: '1', name: 'a' }] as never, { columns: [] });
    t.p.value(5);
    const error = await t.p.finish().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EpiError);
    expect((error as EpiError).exitCode).toBe(1);
    expect((error as Error).message).toBe('--jq: jq: error (at inputString:6): Cannot iterate over number (5)');
  });
});
