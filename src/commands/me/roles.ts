import { listCurrentRoles } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { ROLE_VIEW } from '../roles/views.js';

export async function myRoles(ctx: Context, _opts: CommonFlags): Promise<void> {
  await ctx.out.list(await listCurrentRoles(await ctx.http()), ROLE_VIEW);
}

export default defineVerb({
  name: 'roles',
  summary: 'List your roles and their grants',
  description: 'List the roles of the signed-in user, with their grants under --json (Permissions API: GET /v1/permissions/me).',
  json: true,
  view: ROLE_VIEW,
  examples: ['epi me roles', "epi me roles --json | jq '.[].grants'"],
  run: myRoles,
});
