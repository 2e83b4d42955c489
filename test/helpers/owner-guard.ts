import nock from 'nock';
import { expect } from 'vitest';
import { PERMISSIONS_API } from './access-fixtures.js';
import type { RunResult } from './run.js';

/** What the last-owner guard (src/owner-guard.ts) reads and says, for the tests of every command that uses it. */

export const OWNER_ROLE = '739224:owner';

type Assignments = Array<{ user_id: string; roles: string[] }>;

/** The guard's read of the holders in the owner role's turn (GET /v1/permissions/assignments); a function answers as the API stands at that moment. */
export const ownerHolders = (assignments: Assignments | (() => Assignments)) =>
  nock(PERMISSIONS_API)
    .get('/v1/permissions/assignments')
    .reply(200, () => ({ assignments: typeof assignments === 'function' ? assignments() : assignments }));

/** The refusal's first line, without `error: `, naming the holders who would leave. */
export const ownerRefusal = (who: readonly string[]) =>
  `Refusing to remove the last holder${who.length === 1 ? '' : 's'} of the owner role ${OWNER_ROLE} (${who.join(', ')}): no one could manage the organization afterwards.`;

export const OWNER_HINT = `Give someone else the role first (epi roles assign ${OWNER_ROLE} --user <user>), or pass --force.`;

/** A run the guard refused: exit 2, `before` (what the command printed first) then the refusal and its hint on stderr, nothing on stdout, no plan, no change sent. */
export function expectOwnerRefused(r: RunResult, who: readonly string[], before = ''): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toBe(`${before}error: ${ownerRefusal(who)}\n${OWNER_HINT}\n`);
  expect(r.stdout).toBe('');
  expect(r.plans).toEqual([]);
  expect(r.requests.every((q) => q.method === 'GET')).toBe(true);
}

/**
 * The DELETE of the owner role of `userId`, answered after 200 ms, so that another row of `epi batch`
 * reaches its check while it is in flight. `removed()` says whether it has been answered.
 */
export function slowOwnerRemoval(userId: string): { removed: () => boolean } {
  let removed = false;
  nock(PERMISSIONS_API)
    .delete(`/v1/permissions/assignments/${userId}/${encodeURIComponent(OWNER_ROLE)}`)
    .reply(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      removed = true;
      return [200, {}];
    });
  return { removed: () => removed };
}

/** `epi batch --json` of two rows: the first done, the second refused by the guard, naming `who`; one change sent. */
export function expectSecondRowRefused(r: RunResult, who: string): void {
  expect(r.code).toBe(1);
  const [first, second] = JSON.parse(r.stdout);
  expect(first).toMatchObject({ row: 'line 2', status: 'done', exit_code: 0 });
  expect(second).toMatchObject({ row: 'line 3', status: 'failed', exit_code: 2, reason: ownerRefusal([who]) });
  expect(second.stderr).toContain(OWNER_HINT);
  expect(r.stderr).toContain('1 done, 1 failed of 2 rows.');
  expect(r.requests.filter((q) => q.method !== 'GET')).toHaveLength(1);
}
