import { getUserGroups } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { GROUP_VIEW } from '../groups/view.js';
import { resolveUserId } from './lookup.js';

export async function groups(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  const http = await ctx.http();
  const id = await resolveUserId(http, ref);
  await ctx.out.list(await getUserGroups(http, id), GROUP_VIEW);
}

export default defineVerb<CommonFlags, [string]>({
  name: 'groups <id|email>',
  summary: 'List the groups a user belongs to',
  json: true,
  view: GROUP_VIEW,
  examples: ['epi users groups 10001', 'epi users groups anna@acme.example --json id,name'],
  run: groups,
});
