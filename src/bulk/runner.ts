import type { Http } from '../api/types.js';
import type { Context } from '../context.js';
import { ApiError, NetworkError } from '../errors.js';
import { MAX_RETRY_AFTER_MS } from '../limits.js';
import type { View } from '../output/printer.js';
import type { StopSignal } from '../runtime.js';
import { defaultJournalPath, Journal, readJournal, type JournalEntry } from './journal.js';
import { finishReport, STATUSES, type Report, type ReportRow, type RowStatus, type RunEnd } from './report.js';
import { TextColumn } from './text-column.js';

/**
 * One input row for the runner: `work` is what to send; a row without it is already settled
 * (`status`, `reason`), e.g. invalid under --skip-invalid or skipped as existing.
 */
export interface BulkRow<W> {
  /** Where the row is in the input: "line 4", "item 3", "user 2". */
  row: string;
  /** What the report shows for the row (an email, a user id, a command line). */
  item: string;
  /** What identifies the row across runs: the journal and --resume go by it. */
  key: string;
  work?: W;
  /** Fields the report carries for this row besides the common ones (e.g. role_id). */
  fields?: Record<string, string>;
  status?: 'skipped' | 'failed';
  reason?: string;
}

/**
 * What a sent row gives the report beyond `done`. `fields` are the command's own (what offboarding
 * removed): the report row and the journal get them, so both can tell what to restore.
 */
export type RowResult = Pick<ReportRow, 'id' | 'reason' | 'exit_code' | 'stdout' | 'stderr'> & { fields?: Record<string, unknown> };

/**
 * The rows of a job, handed out by index: an array of rows, or a compact store that makes each
 * row when it is asked for (a 100,000-row file need not sit in memory as 100,000 objects). The
 * same index must give the same row every time.
 */
export interface BulkRows<W> {
  readonly length: number;
  at(index: number): BulkRow<W> | undefined;
}

export interface BulkJob<W> {
  /** Progress on a terminal reads "<progress> 812/3000, 3 failed". */
  progress: string;
  /** Names the default journal file ("users-invite"). */
  name: string;
  /** Header of the report's item column ("Email", "User", "Command"). */
  itemHeader: string;
  rows: BulkRows<W>;
  /** Sends one row. A 429 (ApiError) is the runner's to handle; any other error fails the row. */
  send(work: W, http: Http): Promise<RowResult | void>;
  /**
   * For rows whose request was in flight when an earlier run stopped: asks the API whether the
   * change took effect, so --resume does not send it twice. Without it such rows are re-sent.
   */
  check?(work: W, http: Http): Promise<RowResult | undefined>;
}

export interface BulkFlags {
  concurrency?: number;
  journal?: string;
  resume?: string;
}

/** A row that failed with more to report than an error (a batch row's exit code and output). */
export class RowFailed extends Error {
  constructor(
    message: string,
    readonly result: RowResult,
  ) {
    super(message);
  }
}

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 16;
/** How long Ctrl-C waits for requests in flight before reporting them as unknown. */
export const DRAIN_MS = 10_000;
/** Without Retry-After, a 429'd row waits this long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** A 429 wait at least this long is announced on stderr. */
const WAIT_NOTICE_MS = 5_000;
/** A row that is rate limited this many times in a row fails: the limit is not lifting. */
const MAX_RATE_LIMITED = 20;
const PROGRESS_EVERY_MS = 100;

const rateLimited = (error: unknown): error is ApiError => error instanceof ApiError && error.status === 429;

/** Errors that would repeat for every row (a rejected token, a bug) stop the run instead of failing each row. */
const fatal = (error: unknown) => !(error instanceof RowFailed || error instanceof NetworkError || (error instanceof ApiError && error.status !== 401));

/**
 * The one bulk runner. Every command that sends more than one change goes through it:
 * - bounded concurrency (p-limit), lowered and raised AIMD-style on 429: half on a 429, back up by
 *   one per window of successes; the 429'd row waits as Retry-After says and is re-sent, once per 429;
 * - a report row per input row, in input order, with done / skipped / failed / not sent / unknown;
 * - a journal line per row state as it happens, and --resume, which skips rows the journal has done;
 * - Ctrl-C / SIGTERM: stop sending, wait up to 10 s for requests in flight, report every row and name
 *   the --resume command; a second signal ends the process at once (main.ts).
 * Memory holds, per row, a status byte and the id the API gave (as bytes outside the heap), and
 * any other outcome only for rows that have one; the rows themselves are asked of the job by index
 * when needed, and the report is printed a page at a time once the run is over. A long run's heap
 * is mostly the garbage of its requests, and V8 lets that grow to a few times what is live before
 * it collects, so every byte kept per row costs several in peak RSS (bench: 100,000 invitations).
 */
export async function runBulk<W>(ctx: Context, job: BulkJob<W>, flags: BulkFlags, view: View<ReportRow>): Promise<void> {
  const http = await ctx.bulkHttp();
  const rowAt = (i: number) => job.rows.at(i)!;
  if (ctx.dryRun) {
    // Nothing changes, so there is nothing to journal or report: the planned requests are the output.
    for (let i = 0; i < job.rows.length; i++) {
      const work = rowAt(i).work;
      if (work !== undefined) await job.send(work, http);
    }
    return;
  }
  const states = new RowStates(job.rows);

  const previous = flags.resume === undefined ? undefined : await readJournal(flags.resume);
  const now = new Date(ctx.now());
  // A single change needs no journal unless asked for: there is nothing to resume.
  let workRows = 0;
  for (let i = 0; i < job.rows.length && workRows < 2; i++) if (rowAt(i).work !== undefined) workRows++;
  const journalPath = flags.journal ?? flags.resume ?? (workRows > 1 ? defaultJournalPath(ctx.env, job.name, now) : undefined);
  const journal = journalPath === undefined ? undefined : Journal.open(journalPath, ctx.argv, now);
  const log = (row: BulkRow<W>, entry: Omit<JournalEntry, 'key' | 'row'>) => journal?.entry({ key: row.key, row: row.row, ...entry });
  const settle = (i: number, status: RowStatus, result: RowResult = {}, row = rowAt(i)) => {
    const { reason, id } = states.settle(i, row, status, result);
    log(row, { status, ...(reason ? { reason } : {}), ...(id ? { id } : {}), ...(result.fields ? { fields: result.fields } : {}) });
  };

  // Rows to send are flagged rather than listed: a byte per row, not an array of indexes.
  const toSend = new Uint8Array(job.rows.length);
  let sendCount = 0;
  const toCheck = new Set<number>();
  for (let i = 0; i < job.rows.length; i++) {
    const row = rowAt(i);
    if (row.work === undefined) log(row, { status: states.status(i), reason: row.reason });
  }
  for (let i = 0; i < job.rows.length; i++) {
    const row = rowAt(i);
    if (row.work === undefined) continue;
    const before = previous?.get(row.key);
    if (before?.status === 'done') settle(i, 'skipped', { reason: 'done in an earlier run', id: before.id }, row);
    else {
      if (before?.status === 'sending' || before?.status === 'unknown') toCheck.add(i);
      toSend[i] = 1;
      sendCount++;
    }
  }

  const progress = ctx.io.stderrIsTTY ? new Progress(ctx, job.progress, sendCount) : undefined;
  const end: RunEnd = { journal: journal?.path };
  const stopListening = ctx.onStopSignal((signal) => {
    end.signal ??= signal;
    wake();
  });

  const { default: pLimit } = await import('p-limit');
  const max = Math.max(1, Math.min(flags.concurrency ?? DEFAULT_CONCURRENCY, MAX_CONCURRENCY));
  const limit = pLimit(max);
  // AIMD over the number of requests in flight: `window` drops by half on a 429 and grows by one
  // per window's worth of successes. Only a request sent after the last cut can cut again, so a
  // burst of 429s from one overload halves once, not down to one.
  let window = max;
  let lastCut = 0;
  const rateLimitedTimes = new Map<number, number>();
  let quietUntil = 0;
  const inFlight = new Map<number, Promise<void>>();
  const waiting = new Map<number, NodeJS.Timeout>();
  const ready: number[] = [];
  let cursor = 0;
  let wakeUp: (() => void) | undefined;
  function wake() {
    wakeUp?.();
    wakeUp = undefined;
  }
  const nap = () => new Promise<void>((resolve) => (wakeUp = resolve));
  const stopped = () => end.signal !== undefined || end.fatal !== undefined;

  async function attempt(i: number): Promise<void> {
    if (stopped()) return;
    const row = rowAt(i);
    const work = row.work!;
    if (toCheck.has(i)) {
      toCheck.delete(i);
      const found = job.check ? await job.check(work, http).catch(() => undefined) : undefined;
      if (found) {
        settle(i, 'done', { reason: 'confirmed after an interrupted run', ...found }, row);
        progress?.tick(false);
        return;
      }
    }
    const sentAt = ++sequence;
    log(row, { status: 'sending' });
    try {
      const result = await job.send(work, http);
      settle(i, 'done', result ?? {}, row);
      window = Math.min(max, window + 1 / window);
      limit.concurrency = Math.floor(window);
      progress?.tick(false);
    } catch (error) {
      if (rateLimited(error)) {
        const times = (rateLimitedTimes.get(i) ?? 0) + 1;
        rateLimitedTimes.set(i, times);
        if (stopped()) {
          settle(i, 'not sent', { reason: 'rate limited (429) when the run stopped' }, row);
          return;
        }
        // A wait this long would leave the run silent for hours: stop, report, and name --resume.
        if ((error.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) {
          end.fatal ??= error;
          settle(i, 'not sent', { reason: describe(error) }, row);
          return;
        }
        if (times < MAX_RATE_LIMITED) {
          if (sentAt > lastCut) {
            window = Math.max(1, window / 2);
            limit.concurrency = Math.floor(window);
            lastCut = sequence;
          }
          // The API did not process the row: it goes back in line once Retry-After has passed.
          log(row, { status: 'not sent', reason: 'rate limited (429); will be re-sent' });
          const delay = Math.min(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS);
          // A long wait is said once per wait, so a run held up by 429s does not look hung.
          if (delay >= WAIT_NOTICE_MS && Date.now() >= quietUntil) {
            quietUntil = Date.now() + delay;
            progress?.clear();
            ctx.out.info(`Rate limited (429): waiting ${Math.round(delay / 1000)}s, as the API asks, before re-sending.`);
          }
          waiting.set(
            i,
            setTimeout(() => {
              waiting.delete(i);
              ready.push(i);
              wake();
            }, delay),
          );
          return;
        }
      }
      if (fatal(error)) {
        end.fatal ??= error;
        settle(i, 'failed', { reason: describe(error) }, row);
      } else settle(i, 'failed', { reason: describe(error), ...(error instanceof RowFailed ? error.result : {}) }, row);
      progress?.tick(true);
    }
  }
  let sequence = 0;

  try {
    for (;;) {
      if (stopped()) break;
      while (cursor < toSend.length && !toSend[cursor]) cursor++;
      const next = ready.length ? ready.shift() : cursor < toSend.length ? cursor++ : undefined;
      if (next === undefined) {
        if (inFlight.size === 0 && waiting.size === 0) break;
        await nap();
        continue;
      }
      const task = limit(() => attempt(next)).finally(() => {
        inFlight.delete(next);
        wake();
      });
      inFlight.set(next, task);
      // At most one row waits behind the running ones, so rows go out in order and memory stays flat.
      while (inFlight.size > limit.concurrency && !stopped()) await nap();
    }
  } finally {
    if (inFlight.size) {
      // Requests already sent get DRAIN_MS to answer; those still out are unknown.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(inFlight.values()), new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
      for (const i of inFlight.keys()) if (states.status(i) === 'not sent') settle(i, 'unknown', { reason: 'in flight when the run stopped' });
    }
    for (const [i, timer] of waiting) {
      clearTimeout(timer);
      settle(i, 'not sent', { reason: 'rate limited (429) when the run stopped' });
    }
    stopListening();
    progress?.clear();
    journal?.close();
  }
  const stoppedWhy =
    end.signal || end.fatal !== undefined ? (end.signal ? (end.signal === 'SIGINT' ? 'stopped by Ctrl-C' : 'stopped by SIGTERM') : `stopped: ${describe(end.fatal)}`) : undefined;
  await finishReport(ctx, states.report(stoppedWhy), view, end, journal && resumeCommand(ctx.argv, journal.path));
}

const STATUS_CODES: readonly RowStatus[] = ['not sent', 'done', 'skipped', 'failed', 'unknown'];
/** Report rows are made and printed this many at a time. */
const REPORT_PAGE = 1000;

/**
 * What became of each row while the run goes on, kept compact: a status byte per row, the id the
 * API gave (bytes in a TextColumn), and any other outcome (a reason, a batch row's output) only for
 * the rows that have one. `report()` makes the report rows, in input order and a page at a time,
 * once the run is over.
 */
class RowStates {
  private readonly codes: Uint8Array;
  private readonly ids = new TextColumn();
  /** Outcomes beyond an id, as the report row gets them: reason, a batch row's output, a command's own fields. */
  private readonly results = new Map<number, Omit<RowResult, 'fields'> & Record<string, unknown>>();

  constructor(private readonly rows: BulkRows<unknown>) {
    this.codes = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows.at(i)!;
      if (r.work === undefined) this.codes[i] = STATUS_CODES.indexOf(r.status ?? 'not sent');
    }
  }

  status(i: number): RowStatus {
    return STATUS_CODES[this.codes[i]!]!;
  }

  /** Records the outcome of row i (`row`); returns its reason and id as they now stand, for the journal. */
  settle(i: number, row: BulkRow<unknown>, status: RowStatus, { fields: own, ...result }: RowResult): { reason?: string; id?: string } {
    this.codes[i] = STATUS_CODES.indexOf(status);
    const kept = this.results.get(i);
    const fields = Object.entries(result).filter(([, v]) => v !== undefined);
    if (!kept && !own && fields.length === 1 && fields[0]![0] === 'id' && !row.reason) this.ids.set(i, result.id);
    else if (fields.length || kept || own) {
      const id = this.ids.get(i);
      this.results.set(i, Object.assign(kept ?? (id ? { id } : {}), Object.fromEntries(fields), own));
    }
    const now = this.results.get(i);
    return { reason: now?.reason ?? row.reason, id: now?.id ?? this.ids.get(i) };
  }

  /**
   * The report: a row per input row in input order, rows never sent after a stop saying why; the
   * rows come a page at a time, so the whole report is never in memory as objects at once.
   */
  report(stoppedWhy: string | undefined): Report {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RowStatus, number>;
    for (const code of this.codes) counts[STATUS_CODES[code]!]++;
    return { pages: this.pages(stoppedWhy), counts, total: this.rows.length };
  }

  private async *pages(stoppedWhy: string | undefined): AsyncGenerator<ReportRow[]> {
    for (let start = 0; start < this.rows.length; start += REPORT_PAGE) {
      const page: ReportRow[] = [];
      for (let i = start; i < Math.min(start + REPORT_PAGE, this.rows.length); i++) page.push(this.reportRow(i, stoppedWhy));
      yield page;
    }
  }

  private reportRow(i: number, stoppedWhy: string | undefined): ReportRow {
    const r = this.rows.at(i)!;
    const row: ReportRow = { row: r.row, item: r.item, ...r.fields, status: this.status(i) };
    if (r.reason) row.reason = r.reason;
    const result = this.results.get(i);
    if (result) Object.assign(row, result);
    else {
      const id = this.ids.get(i);
      if (id !== undefined) row.id = id;
    }
    if (stoppedWhy && row.status === 'not sent' && !row.reason) row.reason = stoppedWhy;
    return row;
  }
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** The command line that resumes this run: the same command with --resume <journal> (and no --journal). */
export function resumeCommand(argv: readonly string[] | undefined, journal: string): string | undefined {
  if (!argv) return undefined;
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      kept.push(...argv.slice(i));
      break;
    }
    if (a === '--resume' || a === '--journal') i++;
    else if (!a.startsWith('--resume=') && !a.startsWith('--journal=')) kept.push(a);
  }
  const dash = kept.indexOf('--');
  const resume = ['--resume', journal];
  const words = dash === -1 ? [...kept, ...resume] : [...kept.slice(0, dash), ...resume, ...kept.slice(dash)];
  return ['epi', ...words].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** "Inviting 812/3000, 3 failed" on a terminal's stderr, redrawn at most every 100 ms. */
class Progress {
  private done = 0;
  private failed = 0;
  private last = 0;

  constructor(
    private readonly ctx: Context,
    private readonly verb: string,
    private readonly total: number,
  ) {}

  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    const now = Date.now();
    if (now - this.last < PROGRESS_EVERY_MS && this.done < this.total) return;
    this.last = now;
    this.ctx.io.stderr.write(`\r\u001b[2K${this.verb} ${this.done}/${this.total}${this.failed ? `, ${this.failed} failed` : ''}`);
  }

  clear(): void {
    if (this.last) this.ctx.io.stderr.write('\r\u001b[2K');
  }
}

export type { StopSignal };
