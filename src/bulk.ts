/**
 * Runs one task per item with bounded concurrency and collects a result for every item, so a
 * bulk command can report each row (invites, role assignments) instead of stopping at the first
 * failure. p-limit is loaded here, on the run path only.
 */

export type Settled<R> =
  | { ok: true; value: R }
  /** `attempted: false`: the task never ran because an earlier failure stopped the run (see `stopWhen`). */
  | { ok: false; error: unknown; attempted: boolean };

export interface BulkOptions {
  /** Tasks running at once (at least 1). */
  concurrency: number;
  /** Called after each item settles, with how many have settled so far. */
  onSettled?: (settled: number, total: number) => void;
  /**
   * A failure that will repeat for every item (a rejected token) stops the run: items not yet
   * started settle at once as not attempted, carrying that error.
   */
  stopWhen?: (error: unknown) => boolean;
}

/** Results come back in input order, one per item, whatever order the tasks finish in. */
export async function runBulk<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>, options: BulkOptions): Promise<Array<Settled<R>>> {
  const { default: pLimit } = await import('p-limit');
  const limit = pLimit(Math.max(1, options.concurrency));
  let settled = 0;
  let stop: { error: unknown } | undefined;
  const run = async (item: T, index: number): Promise<Settled<R>> => {
    try {
      if (stop) return { ok: false, error: stop.error, attempted: false };
      try {
        return { ok: true, value: await task(item, index) };
      } catch (error) {
        if (!stop && options.stopWhen?.(error)) stop = { error };
        return { ok: false, error, attempted: true };
      }
    } finally {
      options.onSettled?.(++settled, items.length);
    }
  };
  return Promise.all(items.map((item, index) => limit(run, item, index)));
}
