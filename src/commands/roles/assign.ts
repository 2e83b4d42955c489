import type { Command } from '@commander-js/extra-typings';
import { addAssignment } from '../../api/permissions.js';
import { bulkFlags } from '../../bulk/flags.js';
import type { BulkFlags } from '../../bulk/runner.js';
import type { CommonFlags, Context } from '../../context.js';
import { resolveRoleId } from '../../resolve/roles.js';
import { resolveUserIds } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP, USER_FLAG, usersOf } from '../flags.js';
import { changeRoleForUsers } from './outcomes.js';

export interface AssignOptions extends CommonFlags, BulkFlags {
  user?: string[];
}

export async function assign(ctx: Context, o: AssignOptions, role: string): Promise<void> {
  const users = usersOf(o.user);
  const http = await ctx.http();
  // Both are resolved before the first assignment: a misspelt role or email sends nothing.
  const roleId = await resolveRoleId(http, role);
  const userIds = [...new Set(await resolveUserIds(http, users, { flag: '--user' }))];
  await changeRoleForUsers(ctx, userIds, roleId, (userId, bulk) => addAssignment(bulk, userId, roleId), 'assigned', o);
}

export default defineVerb({
  name: 'assign <role>',
  summary: 'Give a role to users',
  description: `Give a role to each user (Permissions API: POST /v1/permissions/assignments/{userId}/{roleId}, one request per user).
Prints one result per user; exits 1 if any failed.
${ROLE_ARG_HELP} Users are ids or emails. Roles and emails are looked up before anything is sent.`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) => bulkFlags(cmd.option(...USER_FLAG)),
  examples: ['epi roles assign 123:sales --user 10001 --user 10002', 'epi roles assign "Sales Team" --user dora@acme.example,10002 --json'],
  run: assign,
});
