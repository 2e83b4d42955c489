import { getRole } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { roleIdFor } from '../../resolve/roles.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP } from '../flags.js';
import { GRANT_VIEW, ROLE_VIEW } from './views.js';

export async function get(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  const http = await ctx.http();
  const role = await getRole(http, await roleIdFor(http, ref));
  await ctx.out.record(role, ROLE_VIEW);
  // --json carries the grants inside the role; people get them as their own table.
  if (ctx.out.json || !role) return;
  if (role.grants?.length) await ctx.out.list(role.grants, GRANT_VIEW);
  else ctx.out.info('This role has no grants.');
}

export default defineVerb({
  name: 'get <role>',
  summary: 'Show a role and its grants',
  description: `Show a role and its grants: effect, action, resource and conditions (Permissions API: GET /v1/permissions/roles/{roleId}).
${ROLE_ARG_HELP} An id is sent as given; a slug or name is looked up in GET /v1/permissions/roles first.`,
  json: true,
  view: ROLE_VIEW,
  examples: ['epi roles get 123:owner', 'epi roles get "Sales Team"', 'epi roles get 123:owner --json grants'],
  run: get,
});
