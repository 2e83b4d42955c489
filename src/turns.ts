import type { LimitFunction } from 'p-limit';

/**
 * Tasks that take turns per key within this process: a task starts when the tasks queued before it
 * under the same key have ended (failed ones included). `epi batch` runs its rows side by side in
 * one process, so changes that must not interleave queue here: edits of one group's members
 * (read-modify-write), and changes that remove the owner role (the last-owner guard, src/owner-guard.ts).
 * Each key is a p-limit queue of one, the library the bulk runner bounds its requests with.
 */
export class Turns {
  private readonly queues = new Map<string, LimitFunction>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      const { default: pLimit } = await import('p-limit');
      // Another task may have made the key's queue while p-limit loaded.
      queue = this.queues.get(key) ?? pLimit(1);
      this.queues.set(key, queue);
    }
    try {
      return await queue(task);
    } finally {
      // Let an idle key go; one with tasks still queued keeps its queue, so they keep their order.
      if (queue.activeCount === 0 && queue.pendingCount === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    }
  }
}
