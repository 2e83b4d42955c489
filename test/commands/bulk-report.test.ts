import { describe, expect, it } from 'vitest';
import { reportView, type ReportRow } from '../../src/bulk/report.js';
import { RowFailed, runBulk, type BulkRow, type BulkRows } from '../../src/bulk/runner.js';
import { testContext } from '../helpers/context.js';

/**
 * Rows made when asked for, as `epi users invite` hands a big file to the runner: nothing per row
 * is kept but what the index gives. Row 7 is settled before the run, row 1234 fails.
 */
function madeRows(length: number): BulkRows<number> {
  return {
    length,
    at: (i): BulkRow<number> | undefined =>
      i < 0 || i >= length
        ? undefined
        : i === 7
          ? { row: `line ${i + 2}`, item: `user${i}@acme.example`, key: `user${i}@acme.example`, status: 'skipped', reason: 'invalid: no' }
          : { row: `line ${i + 2}`, item: `user${i}@acme.example`, key: `user${i}@acme.example`, work: i },
  };
}

const send = async (n: number) => {
  if (n === 1234) throw new RowFailed('refused', {});
  return { id: String(90000 + n) };
};

/** The report rows the run must print, in input order. */
function expected(length: number): ReportRow[] {
  return Array.from({ length }, (_, i): ReportRow => {
    const base = { row: `line ${i + 2}`, item: `user${i}@acme.example` };
    if (i === 7) return { ...base, status: 'skipped', reason: 'invalid: no' };
    if (i === 1234) return { ...base, status: 'failed', reason: 'refused' };
    return { ...base, status: 'done', id: String(90000 + i) };
  });
}

describe('the bulk report, printed a page at a time', () => {
  it('--json is the same JSON array, byte for byte, as the rows printed whole, across many pages', async () => {
    const t = testContext({ flags: { json: true } });
    const run = runBulk(t.ctx, { progress: 'Doing', name: 'test', itemHeader: 'Email', rows: madeRows(2500), send }, { concurrency: 8 }, reportView('Email'));
    // Row 1234 failed: exit 1, after the whole report.
    await expect(run).rejects.toThrow('1 of 2500 rows failed.');
    expect(t.stdout()).toBe(`${JSON.stringify(expected(2500), null, 2)}\n`);
    expect(t.stderr()).toContain('2498 done, 1 skipped, 1 failed of 2500 rows.');
  });

  it('--ndjson and TSV: a line per row in input order; --json fields pick from every page', async () => {
    const nd = testContext({ flags: { ndjson: true } });
    await runBulk(nd.ctx, { progress: 'Doing', name: 'test', itemHeader: 'Email', rows: madeRows(1001), send }, {}, reportView('Email'));
    expect(nd.stdout()).toBe(expected(1001).map((r) => `${JSON.stringify(r)}\n`).join(''));

    const tsv = testContext();
    await runBulk(tsv.ctx, { progress: 'Doing', name: 'test', itemHeader: 'Email', rows: madeRows(1001), send }, {}, reportView('Email'));
    const lines = tsv.stdout().split('\n');
    expect(lines).toHaveLength(1002);
    expect(lines[1000]).toBe('line 1002\tuser1000@acme.example\tdone\t91000\t');

    const picked = testContext({ flags: { json: 'item,status' } });
    await runBulk(picked.ctx, { progress: 'Doing', name: 'test', itemHeader: 'Email', rows: madeRows(1001), send }, {}, reportView('Email'));
    expect(JSON.parse(picked.stdout())).toEqual(expected(1001).map((r) => ({ item: r.item, status: r.status })));
  });

  it('Ctrl-C part-way: every row of a made-on-demand input is in the report, those never sent say why', async () => {
    const t = testContext({ flags: { json: true }, argv: ['users', 'invite', '--from-file', 'users.csv'] });
    let sent = 0;
    const stopping = async (n: number) => {
      if (++sent === 20) t.stop();
      return { id: String(90000 + n) };
    };
    const run = runBulk(t.ctx, { progress: 'Doing', name: 'test', itemHeader: 'Email', rows: madeRows(3000), send: stopping }, { concurrency: 1 }, reportView('Email'));
    await expect(run).rejects.toThrow('Stopped by Ctrl-C.');
    const report = JSON.parse(t.stdout()) as ReportRow[];
    expect(report).toHaveLength(3000);
    expect(report.map((r) => r.row)).toEqual(expected(3000).map((r) => r.row));
    const done = report.filter((r) => r.status === 'done');
    expect(done.length).toBe(20);
    expect(report.filter((r) => r.status === 'not sent').every((r) => r.reason === 'stopped by Ctrl-C')).toBe(true);
    expect(report.filter((r) => r.status === 'not sent')).toHaveLength(3000 - 20 - 1);
    expect(t.stderr()).toContain('--resume');
  });
});
