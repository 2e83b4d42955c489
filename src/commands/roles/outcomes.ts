import { runBulk } from '../../bulk.js';
import type { Context } from '../../context.js';
import { ApiError, EpiError, NetworkError } from '../../errors.js';
import { distinct } from '../../input.js';
import type { View } from '../../output/printer.js';
import { collect } from '../define.js';

/** The result of one assignment change, one row per user. */
export interface UserRoleOutcome {
  user_id: string;
  role_id: string;
  success: boolean;
  error?: string;
}

/** A failure that would repeat for every user (a rejected token, a local error) ends the command. */
const fatal = (error: unknown) => !((error instanceof ApiError && error.status !== 401) || error instanceof NetworkError);

/**
 * Sends one request per user, in order, and records each outcome so one failure does not hide the
 * others. A rejected token (401) stops at once: every other request would fail the same way.
 */
async function eachUser(userIds: readonly string[], roleId: string, send: (userId: string) => Promise<unknown>): Promise<UserRoleOutcome[]> {
  const settled = await runBulk(userIds, send, { concurrency: 1, stopWhen: fatal });
  const stop = settled.find((s) => !s.ok && fatal(s.error));
  if (stop && !stop.ok) throw stop.error;
  return settled.map((s, i) =>
    s.ok ? { user_id: userIds[i]!, role_id: roleId, success: true } : { user_id: userIds[i]!, role_id: roleId, success: false, error: failureText(s.error as ApiError | NetworkError) },
  );
}

function failureText(error: ApiError | NetworkError): string {
  if (error instanceof ApiError) return `${error.status}${error.serverMessage ? ` ${error.serverMessage}` : ''}`;
  return error.message;
}

const userRoleOutcomeView = (done: string): View<UserRoleOutcome> => ({
  columns: [
    { header: 'User', value: (o) => o.user_id },
    { header: 'Role', value: (o) => o.role_id },
    { header: 'Result', value: (o) => (o.success ? done : 'failed') },
    { header: 'Error', value: (o) => o.error },
  ],
  fields: ['user_id', 'role_id', 'success', 'error'],
});

/** Changes one role for each user and reports one row per user (nothing under --dry-run); exit 1 if any failed. */
export async function changeRoleForUsers(ctx: Context, userIds: readonly string[], roleId: string, send: (userId: string) => Promise<unknown>, done: string): Promise<void> {
  const outcomes = await eachUser(userIds, roleId, send);
  if (ctx.dryRun) return;
  await reportOutcomes(ctx, outcomes, userRoleOutcomeView(done), (r) => !r.success, done === 'assigned' ? 'assignments' : 'unassignments');
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

export const USER_FLAG = ['--user <user-id>', 'user to change (repeatable, or comma-separated)', collect] as const;

/** The --user values, each once; none is a usage error. */
export function usersOf(users: string[] | undefined): string[] {
  return distinct(users, '--user', 'Name each user with --user <id> (repeatable, or comma-separated).');
}
