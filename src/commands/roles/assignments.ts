import type { Command } from '@commander-js/extra-typings';
import { getAssignedRolesForUser, listAllAssignments, type Assignment } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { resolveUserIds } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { USER_FLAG } from '../flags.js';
import { ASSIGNMENT_VIEW } from './views.js';

export interface AssignmentsOptions extends CommonFlags {
  user?: string[];
}

export async function assignments(ctx: Context, o: AssignmentsOptions): Promise<void> {
  const http = await ctx.http();
  if (!o.user?.length) {
    await ctx.out.list(await listAllAssignments(http), ASSIGNMENT_VIEW);
    return;
  }
  const rows: Assignment[] = [];
  for (const userId of new Set(await resolveUserIds(http, o.user, { flag: '--user' }))) rows.push({ user_id: userId, roles: await getAssignedRolesForUser(http, userId) });
  await ctx.out.list(rows, ASSIGNMENT_VIEW);
}

export default defineVerb({
  name: 'assignments',
  summary: 'List which users have which roles',
  description:
    'List users and their role ids (Permissions API: GET /v1/permissions/assignments; with --user, GET /v1/permissions/assignments/{userId} per user).\nA --user is an id or an email (looked up first).',
  json: true,
  view: ASSIGNMENT_VIEW,
  flags: (cmd: Command) => cmd.option(...USER_FLAG),
  examples: ['epi roles assignments', 'epi roles assignments --user 10001 --user dora@acme.example --json'],
  run: assignments,
});
