/**
 * Tasks that take turns per key within this process: a task starts when the tasks queued before it
 * under the same key have ended (failed ones included). `epi batch` runs its rows side by side in
 * one process, so changes that must not interleave queue here: edits of one group's members
 * (read-modify-write), and changes that remove the owner role (the last-owner guard, src/owner-guard.ts).
 */
export class Turns {
  private readonly last = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.last.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(task);
    this.last.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.last.get(key) === mine) this.last.delete(key);
    }
  }
}
