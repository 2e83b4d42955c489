import { listAllAssignments } from '../../api/permissions.js';
import type { User } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { resolveRoleId } from '../../resolve/roles.js';
import { findUsersById } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP } from '../flags.js';
import { ROLE_MEMBER_VIEW } from '../users/views.js';

export async function members(ctx: Context, _opts: CommonFlags, role: string): Promise<void> {
  ctx.out.expectFields(ROLE_MEMBER_VIEW);
  const http = await ctx.http();
  // Resolved even when given as an id: an unknown role must fail, not list no one.
  const roleId = await resolveRoleId(http, role);
  const holders = [...new Set((await listAllAssignments(http)).filter((a) => a.roles?.includes(roleId) && a.user_id).map((a) => a.user_id!))];
  const users = await findUsersById(http, holders);
  const missing = holders.filter((id) => !users.has(id));
  if (missing.length) ctx.out.warn(`Not among this organization's users (another organization's, or deleted): ${missing.join(', ')}; listed by id only.`);
  const rows: User[] = holders.map((id) => users.get(id) ?? { id });
  if (!rows.length) ctx.out.info(`No user holds role ${roleId}.`);
  await ctx.out.list(rows, ROLE_MEMBER_VIEW);
}

export default defineVerb({
  name: 'members <role>',
  summary: 'List the users who hold a role',
  description: `List the users who hold a role: one read of the role assignments (GET /v1/permissions/assignments) and of the users (GET /v2/users, paged until every holder is found).
${ROLE_ARG_HELP}`,
  json: true,
  view: ROLE_MEMBER_VIEW,
  examples: ['epi roles members owner', 'epi roles members "Sales Team" --json id,email', 'epi roles members 739224:admin --format csv > admins.csv'],
  run: members,
});
