import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { searchAuditLogs, type AuditEvent, type AuditSearch } from '../../api/audit-logs.js';
import type { Http } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { parseTime } from '../../duration.js';
import { ApiError, CancelledError, NetworkError, UsageError } from '../../errors.js';
import { eachRecord, pageNumberPages } from '../../paging.js';
import { defineVerb } from '../define.js';
import { auditFilterFlags, auditSearch, type AuditFilterFlags } from './filters.js';
import { AUDIT_PAGE_SIZE } from './list.js';
import { AUDIT_VIEW } from './views.js';

// tail has no --until: it follows the log from --since on.
export interface TailAuditOptions extends CommonFlags, Omit<AuditFilterFlags, 'until'> {
  /** Seconds between polls. */
  interval?: number;
}

export const DEFAULT_INTERVAL = 10;
export const MIN_INTERVAL = 5;
const DEFAULT_SINCE = '10m';
/**
 * Events can reach the log a little after their timestamp, so each poll looks this far back
 * before the newest event seen; ids already printed are skipped.
 */
const OVERLAP_MS = 2 * 60_000;

/**
 * Follows the audit log: prints the events since --since, then polls for new ones every
 * --interval seconds, each event once, until Ctrl-C. An auth failure (401, 403) ends it with that
 * error; a network failure or a 5xx is reported and the next poll tries again.
 */
export async function tail(ctx: Context, o: TailAuditOptions): Promise<void> {
  // A tail never ends: there is no whole output for --jq or a JSON array to close.
  if (o.jq !== undefined) throw new UsageError('--jq needs the whole output, and audit tail never ends.', { hint: 'Pipe --ndjson into jq instead: epi audit tail --ndjson | jq ...' });
  if (ctx.out.format === 'json') throw new UsageError('audit tail never ends, so it cannot print one JSON array.', { hint: 'Use --ndjson for one JSON event per line.' });
  const start = parseTime(o.since ?? DEFAULT_SINCE, '--since', ctx.now()).getTime();
  const search = auditSearch({ ...o, since: undefined }, ctx.now());
  const intervalMs = (o.interval ?? DEFAULT_INTERVAL) * 1000;
  const http = await ctx.http();

  let stopped = false;
  let wake: (() => void) | undefined;
  const stopListening = ctx.onStopSignal(() => {
    stopped = true;
    wake?.();
  });
  /** Printed ids and their times; ids older than the overlap can no longer come back and are forgotten. */
  const seen = new Map<string, number>();
  let newest = start;
  try {
    while (!stopped) {
      const from = Math.max(start, newest - OVERLAP_MS);
      let events: AuditEvent[];
      try {
        events = await eventsSince(http, search, from);
      } catch (error) {
        if (!isPassing(error)) throw error;
        ctx.out.warn(`${(error as Error).message} Trying again in ${intervalMs / 1000}s.`);
        events = [];
      }
      const fresh = events
        .filter((e) => !seen.has(e.id!))
        .map((e) => ({ e, t: Date.parse(e.timestamp ?? '') || ctx.now() }))
        .sort((a, b) => a.t - b.t);
      for (const { e, t } of fresh) {
        seen.set(e.id!, t);
        newest = Math.max(newest, t);
      }
      for (const [id, t] of seen) if (t < newest - OVERLAP_MS) seen.delete(id);
      if (fresh.length) await ctx.out.list(fresh.map(({ e }) => e), AUDIT_VIEW);
      if (!stopped) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    stopListening();
  }
  throw new CancelledError('Stopped following the audit log.');
}

/** Every event from `from` on, all pages: a poll between two intervals rarely needs more than one. */
async function eventsSince(http: Http, search: AuditSearch, from: number): Promise<AuditEvent[]> {
  const window: AuditSearch = { ...search, timestamp: { ...search.timestamp, from: new Date(from).toISOString() } };
  const pages = pageNumberPages((page, limit) => searchAuditLogs(http, { ...window, limit, page }));
  const events: AuditEvent[] = [];
  for await (const event of eachRecord(pages, { pageSize: AUDIT_PAGE_SIZE, maxRecords: http.limits.maxRecords })) events.push(event);
  return events;
}

/** Failures a later poll may not meet again; 401, 403 and anything else end the tail. */
const isPassing = (error: unknown) => error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);


export default defineVerb({
  name: 'tail',
  summary: 'Follow the audit log: print new events as they come, until Ctrl-C',
  description: `Print the audit events of the last 10 minutes (or since --since), then poll for new ones every
--interval seconds (default ${DEFAULT_INTERVAL}, at least ${MIN_INTERVAL}) and print each event once, until Ctrl-C
(exit 130). Events are printed oldest first; --ndjson prints one JSON event per line (a tail has no
end, so --json and --jq, which need the whole output, are refused).

A token that is rejected (401) or lacks the audit_log:view permission (403) stops the tail with
that error; a network failure or a server error is reported and the next poll tries again.`,
  json: true,
  view: AUDIT_VIEW,
  flags: (cmd: Command) =>
    auditFilterFlags(cmd, `default: ${DEFAULT_SINCE}`)
      .option('--interval <seconds>', `seconds between polls (default ${DEFAULT_INTERVAL}, at least ${MIN_INTERVAL})`, (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < MIN_INTERVAL) throw new InvalidArgumentError(`--interval takes whole seconds, at least ${MIN_INTERVAL}.`);
        return n;
      })
      .option('--ndjson', 'print one JSON event per line'),
  examples: ['epi audit tail', 'epi audit tail --service permissions --interval 30', 'epi audit tail --outcome failure --ndjson | jq -r .event_name'],
  run: tail,
});
