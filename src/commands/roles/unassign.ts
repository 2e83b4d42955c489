import type { Command } from '@commander-js/extra-typings';
import { removeAssignment } from '../../api/permissions.js';
import { bulkFlags } from '../../bulk/flags.js';
import type { Context } from '../../context.js';
import { guardOwnerRemoval } from '../../owner-guard.js';
import { resolveRoleId } from '../../resolve/roles.js';
import { resolveUserIds, userLabel } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP, USER_FLAG, usersOf } from '../flags.js';
import type { AssignOptions } from './assign.js';
import { changeRoleForUsers } from './outcomes.js';

export interface UnassignOptions extends AssignOptions {
  force?: boolean;
}

export async function unassign(ctx: Context, o: UnassignOptions, role: string): Promise<void> {
  const users = usersOf(o.user);
  const question = `Remove role ${role} from ${users.length === 1 ? `user ${users[0]}` : `${users.length} users (${users.join(', ')})`}?`;
  // Without a terminal and without --yes the answer is known before reading anything.
  if (!ctx.canPrompt) await ctx.confirm(question);
  const http = await ctx.http();
  const roleId = await resolveRoleId(http, role);
  const resolved = await resolveUserIds(http, users, { flag: '--user' });
  const userIds = [...new Set(resolved)];
  const leaving = userIds.map((id) => ({ id, label: userLabel(users[resolved.indexOf(id)]!, id) }));
  await guardOwnerRemoval(ctx, http, { roles: [roleId], leaving, force: o.force }, async () => {
    await ctx.confirm(question);
    await changeRoleForUsers(ctx, userIds, roleId, (userId, bulk) => removeAssignment(bulk, userId, roleId), 'unassigned', o);
  });
}

export default defineVerb({
  name: 'unassign <role>',
  summary: 'Take a role from users (asks first; --yes in scripts)',
  description: `Take a role from each user (Permissions API: DELETE /v1/permissions/assignments/{userId}/{roleId}, one request per user).
Prints one result per user; exits 1 if any failed.
${ROLE_ARG_HELP} Users are ids or emails. Roles and emails are looked up before anything is sent.
Taking the owner role (<org>:owner) from its last holders is refused unless --force: its holders are read first (GET /v1/permissions/assignments, also under --dry-run), and runs that remove it take turns, so rows of epi batch running side by side cannot remove the last owner together.`,
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => bulkFlags(cmd.option(...USER_FLAG).option('--force', 'take the owner role even from its last holders')),
  examples: ['epi roles unassign 123:sales --user 10001 --yes', 'epi roles unassign sales --user dora@acme.example --yes'],
  run: unassign,
});
