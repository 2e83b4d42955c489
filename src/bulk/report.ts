import type { Context } from '../context.js';
import { EpiError, ExitCode } from '../errors.js';
import type { Column, View } from '../output/printer.js';
import type { StopSignal } from '../runtime.js';

/**
 * What became of one input row:
 * - done: the change was made;
 * - skipped: nothing was needed or allowed (already exists, invalid with --skip-invalid, done in a resumed run);
 * - failed: the API refused it or could not be reached;
 * - not sent: the run stopped before this row's request went out;
 * - unknown: the request was in flight when the run stopped; `--resume` checks it before re-sending.
 */
export type RowStatus = 'done' | 'skipped' | 'failed' | 'not sent' | 'unknown';

/** One report row per input row, in input order. `row` says where in the input ("line 4", "item 3"). */
export interface ReportRow {
  row: string;
  item: string;
  status: RowStatus;
  reason?: string;
  /** The id the API gave the created or changed record, when it gave one. */
  id?: string;
  /** What the row's own command printed (`epi batch`). */
  exit_code?: number;
  stdout?: string;
  stderr?: string;
  /** Fields a command adds for its rows (e.g. role_id). */
  [field: string]: unknown;
}

/** A run's report: its rows a page at a time, in input order, and how many rows ended how. */
export interface Report {
  pages: AsyncIterable<readonly ReportRow[]>;
  counts: Record<RowStatus, number>;
  total: number;
}

export const STATUSES: readonly RowStatus[] = ['done', 'skipped', 'failed', 'not sent', 'unknown'];

/** The report's columns; `item` is named for what the rows are ("Email", "User", "Command"). */
export function reportView(itemHeader: string, extra: Array<Column<ReportRow> & { field: string }> = []): View<ReportRow> {
  return {
    columns: [
      { header: 'Row', value: (r) => r.row },
      { header: itemHeader, value: (r) => r.item },
      ...extra,
      { header: 'Status', value: (r) => r.status },
      { header: 'ID', value: (r) => r.id },
      { header: 'Detail', value: (r) => r.reason },
    ],
    fields: ['row', 'item', ...extra.map((c) => c.field), 'status', 'reason', 'id', 'exit_code', 'stdout', 'stderr'],
  };
}

/** How a run ended, for the report's last words. */
export interface RunEnd {
  /** The signal that stopped the run. */
  signal?: StopSignal;
  /** An error that would repeat for every row (a rejected token): the run stopped at it. */
  fatal?: unknown;
  /** The journal to pass to --resume, when one was written. */
  journal?: string;
}

/**
 * Prints the report (stdout), the summary line (stderr), and how to go on: after Ctrl-C the exact
 * `--resume` command. Then throws what decides the exit code: 130/143 when stopped by a signal,
 * the fatal error, or exit 1 when any row failed.
 *
 * JSON, NDJSON, TSV and CSV are written a page at a time (the JSON array is the same bytes as when
 * printed whole), so a 100,000-row report is never in memory as one text; a table and --jq need
 * every row first.
 */
export async function finishReport(ctx: Context, { pages, counts, total }: Report, view: View<ReportRow>, end: RunEnd, resumeHint: string | undefined): Promise<void> {
  await ctx.out.listPages(pages, view, { streamJson: true });
  const parts = STATUSES.filter((s) => s === 'done' || s === 'failed' || counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  ctx.out.info(`${parts.join(', ')} of ${total} rows.`);
  if (end.journal) ctx.out.info(`Journal: ${end.journal}`);
  if (end.signal) {
    if (resumeHint) ctx.out.info(`To finish the remaining rows, run:\n  ${resumeHint}`);
    throw new StoppedError(end.signal);
  }
  if (end.fatal !== undefined) {
    if (resumeHint && counts['not sent'] > 0) ctx.out.info(`Once that is fixed, finish the remaining rows with:\n  ${resumeHint}`);
    throw end.fatal;
  }
  if (counts.failed > 0) {
    throw new EpiError(`${counts.failed} of ${total} rows failed.`, {
      hint: resumeHint
        ? `The rows marked "failed" say why. Fix the cause, then run:\n  ${resumeHint}\n(rows already done are skipped)`
        : 'The rows marked "failed" say why; fix the cause and run the command again for those.',
    });
  }
}

/** A run stopped by Ctrl-C (exit 130) or SIGTERM (exit 143), after its report was printed. */
export class StoppedError extends EpiError {
  override readonly exitCode: ExitCode;
  constructor(signal: StopSignal) {
    super(signal === 'SIGINT' ? 'Stopped by Ctrl-C.' : 'Stopped by SIGTERM.');
    this.exitCode = signal === 'SIGINT' ? ExitCode.Cancelled : ExitCode.Terminated;
  }
}
