import type { Command } from '@commander-js/extra-typings';
import { getAssignedRolesForUser, removeAssignment } from '../../api/permissions.js';
import { isPlanned, type Http } from '../../api/types.js';
import { deleteUser, getMeV2, getUser, getUserGroups } from '../../api/user.js';
import { bulkFlags } from '../../bulk/flags.js';
import { inputFlags, readInputRows, type InputFlags } from '../../bulk/input.js';
import { readJournal } from '../../bulk/journal.js';
import { reportView, type ReportRow } from '../../bulk/report.js';
import { RowFailed, runBulk, type BulkFlags, type BulkRow, type RowResult } from '../../bulk/runner.js';
import type { CommonFlags, Context } from '../../context.js';
import { ApiError, NetworkError, UsageError } from '../../errors.js';
import { groupName, loadAccess, roleName, type Access } from '../../resolve/access.js';
import { guardOwnerRemoval } from '../../owner-guard.js';
import { isEmail, resolveUserIds, userLabel } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { editMembers } from '../groups/members.js';

export interface OffboardOptions extends CommonFlags, InputFlags, BulkFlags {
  keepUser?: boolean;
  force?: boolean;
  fromFile?: string;
}

interface Named {
  id: string;
  name: string;
}

/**
 * One user's offboarding: what they had when it was read, and what this run has removed so far.
 * The removed lists live on the work, so a row the runner re-sends after a 429 goes on where it
 * stopped instead of repeating requests that went through.
 */
interface Leaver {
  userId: string;
  label: string;
  roles: Named[];
  groups: Named[];
  removedRoles: Named[];
  removedGroups: Named[];
  deleted: boolean;
}

/** The columns --from-file reads a user from, in this order of preference. */
const USER_COLUMNS = ['user', 'email', 'id'] as const;
const SHOWN_IN_PLAN = 20;

/**
 * `epi users offboard <user>...`: for each user, reads what they have (one read of assignments,
 * roles and groups for all of them), removes them from every group, unassigns every role, then
 * deletes the user (`--keep-user`: keeps the account).
 *
 * The bulk runner's row is a user, not a request. A user's requests must go in this order (access
 * goes before the account, so a failure part-way never leaves a deleted user holding roles), one
 * after the other; the admin thinks in leavers, and the report row per input row says per leaver
 * what was removed, which a row per request could only say in pieces. Concurrency runs across users.
 */
export async function offboard(ctx: Context, o: OffboardOptions, refs: string[]): Promise<void> {
  const inputs = await leaversGiven(ctx, o, refs);
  const http = await ctx.http();
  const done = o.resume === undefined ? new Set<string>() : doneKeys(await readJournal(o.resume));
  const pending = inputs.filter((i) => !done.has(i.key));
  const ids = await resolveUserIds(http, pending.map((i) => i.ref), { flag: o.fromFile === undefined ? '<user>' : '--from-file' });
  const access = await loadAccess(http);

  const leavers = new Map<string, Leaver>();
  const rows: Array<BulkRow<Leaver>> = [];
  let next = 0;
  for (const input of inputs) {
    const base = { row: input.row, item: input.ref, key: input.key };
    if (done.has(input.key)) {
      rows.push({ ...base, status: 'skipped', reason: 'done in an earlier run' });
      continue;
    }
    const userId = ids[next++]!;
    if (leavers.has(userId)) {
      ctx.out.warn(`${input.row} (${input.ref}) names user ${userId} again; offboarded once.`);
      rows.push({ ...base, status: 'skipped', reason: `same user as ${leavers.get(userId)!.label}` });
      continue;
    }
    const label = userLabel(input.ref, userId);
    const leaver: Leaver = { userId, label, ...holdings(access, userId), removedRoles: [], removedGroups: [], deleted: false };
    leavers.set(userId, leaver);
    rows.push({ ...base, work: leaver });
  }
  const all = [...leavers.values()];

  if (all.length && !o.force) await refuseSelf(ctx, http, all);
  // Each leaver is deleted or loses every role they had, the owner role among them.
  const taken = { roles: [...new Set(all.flatMap((l) => l.roles.map((r) => r.id)))], leaving: all.map((l) => ({ id: l.userId, label: l.label })), force: o.force };
  await guardOwnerRemoval(ctx, http, taken, async () => {
    if (!all.length) ctx.out.info('Every user was offboarded in an earlier run; nothing to do.');
    else {
      ctx.out.info(planText(all, !!o.keepUser));
      await ctx.confirm(`Offboard ${all.length === 1 ? all[0]!.label : `these ${all.length} users`} as listed above?`);
    }
    await runBulk(
      ctx,
      {
        progress: 'Offboarding',
        name: 'users-offboard',
        itemHeader: 'User',
        rows,
        send: (leaver, bulk) => offboardOne(leaver, bulk, !!o.keepUser),
        // An offboarding in flight when a run stopped went through if the user is gone (or, with
        // --keep-user, has no role and no group left).
        check: async (leaver, bulk) => {
          if (!o.keepUser) return (await getUser(bulk, leaver.userId).then(() => false, (e: unknown) => e instanceof ApiError && e.status === 404)) ? { id: leaver.userId } : undefined;
          const [roles, groups] = await Promise.all([getAssignedRolesForUser(bulk, leaver.userId), getUserGroups(bulk, leaver.userId)]);
          return roles.length === 0 && groups.length === 0 ? { id: leaver.userId } : undefined;
        },
      },
      o,
      OFFBOARD_REPORT,
    );
  });
}

/** The users to offboard, from the arguments or from --from-file, each with its row and journal key. */
async function leaversGiven(ctx: Context, o: OffboardOptions, refs: string[]): Promise<Array<{ row: string; ref: string; key: string }>> {
  const keyOf = (ref: string) => (isEmail(ref) ? ref.toLowerCase() : ref);
  if (o.fromFile === undefined) {
    if (!refs.length) throw new UsageError('Name the users to offboard.', { hint: 'Pass user ids or emails (epi users offboard anna@acme.example), or --from-file leavers.csv.' });
    return refs.map((r, i) => ({ row: `user ${i + 1}`, ref: r.trim(), key: keyOf(r.trim()) }));
  }
  if (refs.length) throw new UsageError('Pass users as arguments or --from-file, not both.');
  const input = await readInputRows(ctx, o.fromFile, o, USER_COLUMNS);
  const problems: string[] = [];
  const out = input.rows.flatMap((r) => {
    const value = r.fields && USER_COLUMNS.map((c) => r.fields[c]).find((v) => typeof v === 'string' ? v.trim() : v !== undefined && v !== null);
    if (r.problem !== undefined || value === undefined) {
      problems.push(`  ${r.where}: ${r.problem ?? `no ${USER_COLUMNS.join(', ')} value`}`);
      return [];
    }
    const ref = String(value).trim();
    return [{ row: r.where, ref, key: keyOf(ref) }];
  });
  if (problems.length) {
    throw new UsageError(`${problems.length} of ${input.rows.length} rows of --from-file name no user; nothing was sent:\n${problems.join('\n')}`, {
      hint: `Give each row a user id or email in a column named ${USER_COLUMNS.join(', ')}.`,
    });
  }
  return out;
}

function doneKeys(journal: Map<string, { status: string }>): Set<string> {
  return new Set([...journal].filter(([, e]) => e.status === 'done').map(([key]) => key));
}

function holdings(access: Access, userId: string): Pick<Leaver, 'roles' | 'groups'> {
  return {
    roles: (access.rolesOf.get(userId) ?? []).map((id) => ({ id, name: roleName(access, id) })),
    groups: (access.groupsOf.get(userId) ?? []).map((g) => ({ id: g.id, name: groupName(g) })),
  };
}

/**
 * Offboarding yourself locks you out mid-run: refused unless --force, before anything is sent.
 * (Removing the last owner is the owner guard's refusal, src/owner-guard.ts.)
 */
async function refuseSelf(ctx: Context, http: Http, leavers: Leaver[]): Promise<void> {
  const self = await tokenUserId(ctx, http);
  const me = leavers.find((l) => l.userId === self);
  if (me) {
    throw new UsageError(`Refusing to offboard yourself (${me.label} is the user of the token in use): you would lose access part-way.`, {
      hint: 'Let another admin offboard you, or pass --force if you really mean it.',
    });
  }
}

/** The token's user: its claim, else the API's answer for /v2/users/me; API tokens may have none. */
async function tokenUserId(ctx: Context, http: Http): Promise<string | undefined> {
  const claimed = (await ctx.session()).tokenInfo?.userId;
  if (claimed) return claimed;
  try {
    return (await getMeV2(http)).id;
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) return undefined;
    throw error;
  }
}

function planText(leavers: Leaver[], keepUser: boolean): string {
  const names = (items: Named[]) => (items.length ? items.map((i) => i.name).join(', ') : 'none');
  const lines = leavers.slice(0, SHOWN_IN_PLAN).map((l) => `  ${l.label}: groups ${names(l.groups)}; roles ${names(l.roles)}${keepUser ? '' : '; then the user is deleted'}`);
  if (leavers.length > SHOWN_IN_PLAN) lines.push(`  ... and ${leavers.length - SHOWN_IN_PLAN} more (the report lists each)`);
  return `Offboarding ${leavers.length === 1 ? 'removes' : `${leavers.length} users; this removes`}${keepUser ? ' (the accounts are kept)' : ''}:\n${lines.join('\n')}`;
}

/** One leaver's requests, in order: every group, every role, then the user. */
async function offboardOne(leaver: Leaver, http: Http, keepUser: boolean): Promise<RowResult | void> {
  let step = '';
  try {
    for (const group of leaver.groups) {
      if (leaver.removedGroups.includes(group)) continue;
      step = `removing from group ${group.name}`;
      const { updated } = await editMembers(http, group.id, (members) => members.filter((u) => u !== leaver.userId));
      if (updated !== undefined) leaver.removedGroups.push(group);
    }
    for (const role of leaver.roles) {
      if (leaver.removedRoles.includes(role)) continue;
      step = `unassigning role ${role.name}`;
      await removeAssignment(http, leaver.userId, role.id);
      leaver.removedRoles.push(role);
    }
    if (!keepUser && !leaver.deleted) {
      step = 'deleting the user';
      if (!isPlanned(await deleteUser(http, leaver.userId))) leaver.deleted = true;
    }
  } catch (error) {
    // A 429 is the runner's (it re-sends the row, which goes on from here); errors that would repeat
    // for every row stop the run. Any other failure fails this user, saying what was removed already.
    const ownFailure = error instanceof NetworkError || (error instanceof ApiError && error.status !== 429 && error.status !== 401);
    if (!ownFailure) throw error;
    throw new RowFailed(`${step}: ${error instanceof ApiError ? `${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}` : error.message}`, {
      id: leaver.userId,
      fields: removed(leaver),
    });
  }
  return { id: leaver.userId, reason: keepUser ? 'access removed; account kept' : 'access removed; user deleted', fields: removed(leaver) };
}

const removed = (l: Leaver) => ({ roles_removed: l.removedRoles, groups_removed: l.removedGroups, user_deleted: l.deleted });

const namesOf = (value: unknown) => (Array.isArray(value) ? (value as Named[]).map((v) => v.name).join('; ') : undefined);

/** The report: per user, what was removed (names here; ids and names under --json and in the journal). */
export const OFFBOARD_REPORT = reportView('User', [
  { header: 'Groups removed', field: 'groups_removed', value: (r: ReportRow) => namesOf(r.groups_removed) },
  { header: 'Roles removed', field: 'roles_removed', value: (r: ReportRow) => namesOf(r.roles_removed) },
  { header: 'Deleted', field: 'user_deleted', value: (r: ReportRow) => (r.user_deleted === undefined ? undefined : r.user_deleted ? 'yes' : 'no') },
]);

export default defineVerb({
  name: 'offboard [user...]',
  summary: 'Offboard users: remove them from every group, unassign every role, then delete them (asks first)',
  description: [
    'For each user: reads what they have (one read of the role assignments, the roles and the groups, for all users at once), removes them from every group (read-modify-write of the group\'s members, PATCH /v1/groups/{id}), unassigns every role (DELETE /v1/permissions/assignments/{userId}/{roleId}), then deletes the user (DELETE /v2/users/{id}). --keep-user removes the access and keeps the account.',
    `${USER_ARG_HELP} --from-file reads many (CSV, JSON or NDJSON with a user, email or id column; - for stdin). Every user is looked up before anything is sent.`,
    'It names what will be removed and asks first (--yes without a terminal); --dry-run prints that plan on stderr and every request on stdout. Offboarding yourself (the token\'s user) or the last holder of the owner role (<org>:owner) is refused unless --force; runs that remove the owner role take turns and read its holders again in their turn, so rows of epi batch running side by side cannot remove the last owner together.',
    'Runs through the bulk runner, one report row per user with the groups and roles removed (ids and names under --json, and in the journal), so they can be restored; --concurrency, --journal, --resume and Ctrl-C as for every bulk command. Exit 1 if any user failed.',
  ].join('\n\n'),
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) =>
    bulkFlags(
      inputFlags(
        cmd
          .option('--keep-user', 'remove every group and role but keep the account')
          .option('--force', 'offboard even yourself or the last holder of the owner role')
          .option('--from-file <path|->', 'offboard every user of a CSV (column user, email or id), JSON or NDJSON file; - reads stdin'),
      ),
    ),
  examples: [
    'epi users offboard anna@acme.example',
    'epi users offboard anna@acme.example 10002 --dry-run',
    'epi users offboard anna@acme.example --keep-user --yes --json > anna-access.json',
    'epi users offboard --from-file leavers.csv --yes',
    'epi batch leavers.csv -- users offboard {email} --yes',
  ],
  run: offboard,
});
