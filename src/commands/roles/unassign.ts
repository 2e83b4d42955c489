import { removeAssignment } from '../../api/permissions.js';
import type { Context } from '../../context.js';
import { bulkFlags } from '../../bulk/flags.js';
import { defineVerb } from '../define.js';
import type { AssignOptions } from './assign.js';
import { changeRoleForUsers, USER_FLAG, usersOf } from './outcomes.js';

export async function unassign(ctx: Context, o: AssignOptions, roleId: string): Promise<void> {
  const users = usersOf(o.user);
  await ctx.confirm(`Remove role ${roleId} from ${users.length === 1 ? `user ${users[0]}` : `${users.length} users (${users.join(', ')})`}?`);
  await changeRoleForUsers(ctx, users, roleId, (userId, bulk) => removeAssignment(bulk, userId, roleId), 'unassigned', o);
}

export default defineVerb<AssignOptions, [string]>({
  name: 'unassign <role-id>',
  summary: 'Take a role from users (asks first; --yes in scripts)',
  description:
    'Take a role from each user (Permissions API: DELETE /v1/permissions/assignments/{userId}/{roleId}, one request per user).\nPrints one result per user; exits 1 if any failed.',
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd) => bulkFlags(cmd.option(...USER_FLAG)),
  examples: ['epi roles unassign 123:sales --user 10001 --yes'],
  run: unassign,
});
