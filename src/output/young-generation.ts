/** Records after which a printed listing counts as long. */
export const LONG_LISTING = 1000;

let steady = false;

/**
 * A long listing allocates about 4 KB of short-lived garbage per record (the page's text, its
 * parsed records, the output line) while a few hundred KB stay live (the pages in flight). V8
 * counts the bytes that survive each young-generation collection and doubles that generation each
 * time they add up to its size, so the peak RSS of `--all` kept climbing with the length of the
 * listing: 80 MB at 20,000 users, 101 MB at 100,000 (bench: paging), with under 10 MB ever live.
 * From the 1,000th record printed on, the young generation keeps the size it has: more, smaller
 * collections (3-8% more CPU time measured) and a peak that no longer follows the record count.
 * V8 reads the flag only when it would grow that generation, so setting it mid-run is safe.
 * node:v8 costs about 4 ms to load, which a short command never pays.
 *
 * Only a streamed listing does this, not a bulk run: there the 100,000-invitation run peaked
 * higher with it (more of each request's garbage was promoted to the old generation).
 */
export function steadyYoungGeneration(): void {
  if (steady) return;
  steady = true;
  void import('node:v8').then((v8) => v8.setFlagsFromString('--semi-space-growth-factor=1'));
}
