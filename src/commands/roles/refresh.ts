import { refreshPermissions } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';

export async function refresh(ctx: Context, _opts: CommonFlags): Promise<void> {
  await refreshPermissions(await ctx.http());
  ctx.out.info('Refreshed your permissions.');
}

export default defineVerb({
  name: 'refresh',
  summary: 'Make sure you have a role in the organization',
  description: 'Make sure the signed-in user has a role in the organization (Permissions API: GET /v1/permissions/refresh).',
  run: refresh,
});
