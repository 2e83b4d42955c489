import type { Command } from '@commander-js/extra-typings';
import { assignRoles, getAssignedRolesForUser } from '../../api/permissions.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { guardOwnerRemoval } from '../../owner-guard.js';
import { resolveRoleIds } from '../../resolve/roles.js';
import { resolveUserId, userLabel } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP, USER_ARG_HELP } from '../flags.js';
import { ROLE_ID_VIEW } from '../roles/views.js';

/** What replacing `current` with `wanted` adds and removes. */
export function roleDiff(current: readonly string[], wanted: readonly string[]): { added: string[]; removed: string[] } {
  return { added: wanted.filter((r) => !current.includes(r)), removed: current.filter((r) => !wanted.includes(r)) };
}

export interface SetRolesOptions extends CommonFlags {
  force?: boolean;
}

export async function setRoles(ctx: Context, o: SetRolesOptions, ref: string, roleRefs: string[]): Promise<void> {
  const given = roleRefs.map((r) => r.trim()).filter(Boolean);
  if (!given.length) throw new UsageError('Give at least one role.', { hint: 'To take single roles away, use `epi roles unassign <role> --user <user>`.' });
  const question = `Replace the roles of user ${ref.trim()}?`;
  // Without a terminal and without --yes the answer is known before reading anything.
  if (!ctx.canPrompt) await ctx.confirm(question);
  const http = await ctx.http();
  const userId = await resolveUserId(http, ref);
  const wanted = await resolveRoleIds(http, given, '<role>');
  const current = await getAssignedRolesForUser(http, userId);
  const { added, removed } = roleDiff(current, wanted);
  if (!added.length && !removed.length) {
    ctx.out.info(`User ${userId} already has exactly these roles; nothing was sent.`);
    await ctx.out.list(current, ROLE_ID_VIEW);
    return;
  }
  for (const r of added) ctx.out.info(`+ ${r}`);
  for (const r of removed) ctx.out.info(`- ${r}`);
  const result = await guardOwnerRemoval(ctx, http, { roles: removed, leaving: [{ id: userId, label: userLabel(ref, userId) }], force: o.force }, async () => {
    await ctx.confirm(question);
    return assignRoles(http, userId, wanted);
  });
  if (isPlanned(result)) return;
  ctx.out.info(`User ${userId} now has ${wanted.length} role${wanted.length === 1 ? '' : 's'} (${added.length} added, ${removed.length} removed).`);
  await ctx.out.list(result ?? wanted, ROLE_ID_VIEW);
}

export default defineVerb({
  name: 'set-roles <user> <role...>',
  summary: "Replace all of a user's roles (shows the change, asks first; --yes in scripts)",
  description: `Replace all of a user's roles with the given ones (Permissions API: GET /v1/permissions/roles to resolve the
roles, GET, then PUT /v1/permissions/assignments/{userId}).
The roles added (+) and removed (-) are shown on stderr before the question.
${USER_ARG_HELP}
${ROLE_ARG_HELP}
Dropping the owner role (<org>:owner) of its last holder is refused unless --force: its holders are read first
(GET /v1/permissions/assignments, also under --dry-run).`,
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => cmd.option('--force', 'drop the owner role even from its last holder'),
  examples: ['epi users set-roles 10001 123:owner 123:sales', 'epi users set-roles dora@acme.example viewer "Sales Team" --yes'],
  run: setRoles,
});
