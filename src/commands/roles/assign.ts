import { addAssignment } from '../../api/permissions.js';
import type { BulkFlags } from '../../bulk/runner.js';
import type { CommonFlags, Context } from '../../context.js';
import { bulkFlags } from '../../bulk/flags.js';
import { defineVerb } from '../define.js';
import { changeRoleForUsers, USER_FLAG, usersOf } from './outcomes.js';

export interface AssignOptions extends CommonFlags, BulkFlags {
  user?: string[];
}

export async function assign(ctx: Context, o: AssignOptions, roleId: string): Promise<void> {
  const users = usersOf(o.user);
  await changeRoleForUsers(ctx, users, roleId, (userId, bulk) => addAssignment(bulk, userId, roleId), 'assigned', o);
}

export default defineVerb<AssignOptions, [string]>({
  name: 'assign <role-id>',
  summary: 'Give a role to users',
  description:
    'Give a role to each user (Permissions API: POST /v1/permissions/assignments/{userId}/{roleId}, one request per user).\nPrints one result per user; exits 1 if any failed.',
  json: true,
  dryRun: true,
  flags: (cmd) => bulkFlags(cmd.option(...USER_FLAG)),
  examples: ['epi roles assign 123:sales --user 10001 --user 10002', 'epi roles assign 123:sales --user 10001,10002 --json'],
  run: assign,
});
