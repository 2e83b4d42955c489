import { getUserGroups } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { GROUP_VIEW } from '../groups/view.js';
import { resolveUserId } from '../../resolve/users.js';

export async function groups(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  const http = await ctx.http();
  const id = await resolveUserId(http, ref);
  await ctx.out.list(await getUserGroups(http, id), GROUP_VIEW);
}

export default defineVerb({
  name: 'groups <user>',
  summary: 'List the groups a user belongs to',
  description: `List the groups a user belongs to (GET /v2/users/{id}/groups).\n${USER_ARG_HELP}`,
  json: true,
  view: GROUP_VIEW,
  examples: ['epi users groups 10001', 'epi users groups anna@acme.example --json id,name'],
  run: groups,
});
