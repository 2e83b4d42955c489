import type { Command } from '@commander-js/extra-typings';
import { getAssignedRolesForUser, searchRoles } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { resolveUserId } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { ROLE_ID_VIEW, ROLE_VIEW, type RoleRecord } from '../roles/views.js';

export interface UserRolesOptions extends CommonFlags {
  hydrate?: boolean;
}

export async function userRoles(ctx: Context, o: UserRolesOptions, ref: string): Promise<void> {
  const http = await ctx.http();
  const userId = await resolveUserId(http, ref);
  const roleIds = await getAssignedRolesForUser(http, userId);
  if (!o.hydrate) {
    await ctx.out.list(roleIds, ROLE_ID_VIEW);
    return;
  }
  // One search for all of them instead of one GET per role.
  const found = roleIds.length ? (await searchRoles(http, { role_ids: roleIds, limit: roleIds.length })).items : [];
  const byId = new Map<string, RoleRecord>(found.map((r) => [r.id, r]));
  const rows = roleIds.map((id) => {
    const role = byId.get(id);
    if (!role) ctx.out.warn(`Role ${id} is assigned to user ${userId} but was not found (deleted?).`);
    return role ?? { id, name: '' };
  });
  await ctx.out.list(rows, ROLE_VIEW);
}

export default defineVerb({
  name: 'roles <user>',
  summary: "List a user's role ids (--hydrate adds names)",
  description: `List the ids of a user's roles (Permissions API: GET /v1/permissions/assignments/{userId}).
${USER_ARG_HELP}
--hydrate also looks the roles up (POST /v1/permissions/roles:search) and shows name, type and grants.`,
  json: true,
  flags: (cmd: Command) => cmd.option('--hydrate', 'look up each role and show its name, type and number of grants'),
  examples: ['epi users roles 10001', 'epi users roles dora@acme.example --hydrate', 'epi users roles 10001 --json'],
  run: userRoles,
});
