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

/** A user who loses the owner role if they hold it, and how messages name them. */
export interface OwnerLeaver {
  id: string;
  label: string;
}

export interface OwnerRemoval {
  /** The owner role, `<org>:owner`. */
  owner: string;
  /** The users who no longer hold it once the change is done. */
  leaving: readonly OwnerLeaver[];
  /** --force: take the turn, but skip the read and the refusal. */
  force?: boolean;
}

/**
 * The organization's owner role when one of these role ids is it, else undefined. The org id is
 * asked for only when a role id could be an owner role (it may cost a read when the token names
 * no organization).
 */
export async function ownerRoleAmong(ctx: Context, roleIds: readonly string[]): Promise<string | undefined> {
  if (!roleIds.some((r) => r.endsWith(':owner'))) return undefined;
  const owner = `${await ctx.orgId()}:owner`;
  return roleIds.includes(owner) ? owner : undefined;
}

/** Changes that remove the owner role, one at a time per owner role (so per organization) in this process. */
const ownerRemovals = new Turns();

/**
 * Runs `change`, which takes the owner role from `removal.leaving`. Without a removal (the change
 * does not touch the owner role) it runs at once, with no extra request. Otherwise it waits for the
 * owner role's turn: rows of `epi batch` run side by side in this process, and two that each saw
 * another owner must not both remove theirs. In the turn it reads the role's holders afresh (one
 * GET /v1/permissions/assignments; sent under --dry-run too, so the plan shows a refusal), refuses
 * (exit 2, nothing sent) when every holder is leaving, and keeps the turn until `change` is done.
 */
export async function guardOwnerRemoval<T>(http: Http, removal: OwnerRemoval | undefined, change: () => Promise<T>): Promise<T> {
  if (removal === undefined || !removal.leaving.length) return change();
  return ownerRemovals.run(removal.owner, async () => {
    if (!removal.force) await refuseLastOwner(http, removal);
    return change();
  });
}

async function refuseLastOwner(http: Http, { owner, leaving }: OwnerRemoval): Promise<void> {
  const holders = (await listAllAssignments(http)).flatMap((a) => (a.user_id && a.roles?.includes(owner) ? [a.user_id] : []));
  const ids = new Set(leaving.map((l) => l.id));
  if (!holders.length || !holders.every((h) => ids.has(h))) return;
  const who = leaving.filter((l) => holders.includes(l.id)).map((l) => l.label);
  throw new UsageError(`Refusing to remove the last holder${who.length === 1 ? '' : 's'} of the owner role ${owner} (${who.join(', ')}): no one could manage the organization afterwards.`, {
    hint: `Give someone else the role first (epi roles assign ${owner} --user <user>), or pass --force.`,
  });
}
