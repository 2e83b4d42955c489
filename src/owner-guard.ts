import { listAllAssignments } from './api/permissions.js';
import type { Http } from './api/types.js';
import type { Context } from './context.js';
import { UsageError } from './errors.js';
import { Turns } from './turns.js';

/**
 * The one last-owner guard. Every command that can take the owner role (`<org>:owner`) from users
 * (users offboard, roles unassign, users set-roles, users delete) runs that change through
 * `guardOwnerRemoval`, so an organization is never left without anyone who can manage it unless
 * the user passes --force.
 */

/** A user a change takes roles from, and how messages name them (`cy@acme.example (10003)`). */
export interface Leaving {
  id: string;
  label: string;
}

export interface RoleRemoval {
  /** The role ids the change takes from the users in `leaving` (the owner role may be among them, or not). */
  roles: readonly string[];
  /** The users who no longer hold these roles once the change is done. */
  leaving: readonly Leaving[];
  /** --force: skip the read of the holders and the refusal (the turn is still taken). */
  force?: boolean;
}

/**
 * The organization's owner role when one of these role ids is it, else undefined. The org id is
 * asked for only when a role id could be an owner role (it may cost a read when the token names
 * no organization).
 */
async function ownerRoleAmong(ctx: Context, roleIds: readonly string[]): Promise<string | undefined> {
  if (!roleIds.some((r) => r.endsWith(':owner'))) return undefined;
  const owner = `${await ctx.orgId()}:owner`;
  return roleIds.includes(owner) ? owner : undefined;
}

/** Changes that remove the owner role, one at a time per owner role (so per organization) in this process. */
const ownerRemovals = new Turns();

/**
 * Runs `change`, which takes `removal.roles` from `removal.leaving`. When the owner role is not
 * among them it runs at once, with no extra request. Otherwise it waits for the owner role's turn:
 * rows of `epi batch` run side by side in this process, and two that each saw another owner must
 * not both remove theirs. In the turn it reads the role's holders afresh (one GET
 * /v1/permissions/assignments; sent under --dry-run too, so the plan shows a refusal), refuses
 * (exit 2, nothing sent) when every holder is leaving, and keeps the turn until `change` is done.
 */
export async function guardOwnerRemoval<T>(ctx: Context, http: Http, removal: RoleRemoval, change: () => Promise<T>): Promise<T> {
  const owner = removal.leaving.length ? await ownerRoleAmong(ctx, removal.roles) : undefined;
  if (owner === undefined) return change();
  return ownerRemovals.run(owner, async () => {
    if (!removal.force) await refuseLastOwner(http, owner, removal.leaving);
    return change();
  });
}

/**
 * Deleting the owner role itself takes it from every holder at once: refused unless --force, with
 * no read beyond the org id (the role's holders do not matter; all of them would lose it).
 */
export async function guardOwnerRoleDelete(ctx: Context, roleId: string, force: boolean | undefined): Promise<void> {
  const owner = await ownerRoleAmong(ctx, [roleId]);
  if (owner === undefined || force) return;
  throw new UsageError(`Refusing to delete the owner role ${owner}: every holder would lose it, and no one could manage the organization afterwards.`, {
    hint: 'The owner role is one every organization has; pass --force only if you really mean to delete it.',
  });
}

async function refuseLastOwner(http: Http, owner: string, leaving: readonly Leaving[]): Promise<void> {
  const holders = (await listAllAssignments(http)).flatMap((a) => (a.user_id && a.roles?.includes(owner) ? [a.user_id] : []));
  const ids = new Set(leaving.map((l) => l.id));
  if (!holders.length || !holders.every((h) => ids.has(h))) return;
  const who = leaving.filter((l) => holders.includes(l.id)).map((l) => l.label);
  throw new UsageError(`Refusing to remove the last holder${who.length === 1 ? '' : 's'} of the owner role ${owner} (${who.join(', ')}): no one could manage the organization afterwards.`, {
    hint: `Give someone else the role first (epi roles assign ${owner} --user <user>), or pass --force.`,
  });
}
