import type { Command } from '@commander-js/extra-typings';
import { removeAssignment } from '../../api/permissions.js';
import { bulkFlags } from '../../bulk/flags.js';
import type { Context } from '../../context.js';
import { resolveRoleId } from '../../resolve/roles.js';
import { resolveUserIds } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP, USER_FLAG, usersOf } from '../flags.js';
import type { AssignOptions } from './assign.js';
import { changeRoleForUsers } from './outcomes.js';

export async function unassign(ctx: Context, o: AssignOptions, role: string): Promise<void> {
  const users = usersOf(o.user);
  await ctx.confirm(`Remove role ${role} from ${users.length === 1 ? `user ${users[0]}` : `${users.length} users (${users.join(', ')})`}?`);
  const http = await ctx.http();
  const roleId = await resolveRoleId(http, role);
  const userIds = [...new Set(await resolveUserIds(http, users, { flag: '--user' }))];
  await changeRoleForUsers(ctx, userIds, roleId, (userId, bulk) => removeAssignment(bulk, userId, roleId), 'unassigned', o);
}

export default defineVerb({
  name: 'unassign <role>',
  summary: 'Take a role from users (asks first; --yes in scripts)',
  description: `Take a role from each user (Permissions API: DELETE /v1/permissions/assignments/{userId}/{roleId}, one request per user).
Prints one result per user; exits 1 if any failed.
${ROLE_ARG_HELP} Users are ids or emails. Roles and emails are looked up before anything is sent.`,
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => bulkFlags(cmd.option(...USER_FLAG)),
  examples: ['epi roles unassign 123:sales --user 10001 --yes', 'epi roles unassign sales --user dora@acme.example --yes'],
  run: unassign,
});
