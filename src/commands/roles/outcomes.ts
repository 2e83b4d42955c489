import { getAssignedRolesForUser } from '../../api/permissions.js';
import type { Http } from '../../api/types.js';
import { reportView } from '../../bulk/report.js';
import { runBulk, type BulkFlags, type BulkRow } from '../../bulk/runner.js';
import type { Context } from '../../context.js';
import { EpiError } from '../../errors.js';
import type { View } from '../../output/printer.js';

/**
 * Changes one role for each user through the bulk runner: one report row per user, in the order
 * given (nothing under --dry-run but the planned requests), a journal, --resume, Ctrl-C; exit 1 if
 * any failed. `send` gets the runner's client, which leaves 429s to the runner.
 */
export async function changeRoleForUsers(
  ctx: Context,
  userIds: readonly string[],
  roleId: string,
  send: (userId: string, http: Http) => Promise<unknown>,
  done: string,
  flags: BulkFlags = {},
): Promise<void> {
  const rows = userIds.map((userId, i): BulkRow<string> => ({ row: `user ${i + 1}`, item: userId, key: `${userId} ${roleId}`, fields: { role_id: roleId }, work: userId }));
  await runBulk(
    ctx,
    {
      progress: done === 'assigned' ? `Assigning ${roleId}` : `Unassigning ${roleId}`,
      name: done === 'assigned' ? 'roles-assign' : 'roles-unassign',
      itemHeader: 'User',
      rows,
      send: async (userId, http) => {
        await send(userId, http);
      },
      // A change in flight when a run stopped may have gone through: the user's roles tell.
      check: async (userId, http) => {
        const has = (await getAssignedRolesForUser(http, userId)).includes(roleId);
        return has === (done === 'assigned') ? {} : undefined;
      },
    },
    flags,
    reportView('User', [{ header: 'Role', field: 'role_id', value: (r) => r.role_id }]),
  );
}

/**
 * Prints one row per item, then fails (exit 1) when any item failed, so scripts notice a partial
 * failure while people still see which items went through.
 */
export async function reportOutcomes<T>(ctx: Context, rows: readonly T[], view: View<T>, failed: (row: T) => boolean, what: string): Promise<void> {
  await ctx.out.list(rows, view);
  const failures = rows.filter(failed).length;
  if (failures > 0) {
    throw new EpiError(`${failures} of ${rows.length} ${what} failed.`, { hint: 'The rows marked "failed" say why; fix the cause and rerun the command for those.' });
  }
}
