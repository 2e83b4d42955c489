import { getUserGroups } from '../../api/user.js';
import type { Group } from '../../api/user-groups.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { GROUP_VIEW } from '../groups/view.js';
import { resolveUserId } from './lookup.js';

/**
 * The spec documents a bare array; the group listing (/v1/groups) wraps its records in `groups`.
 * Both are accepted so a change on either side cannot turn into an empty listing.
 */
function groupsOf(body: Group[] | { groups?: Group[] } | undefined): Group[] {
  if (Array.isArray(body)) return body;
  return body?.groups ?? [];
}

export async function groups(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  const http = await ctx.http();
  const id = await resolveUserId(http, ref);
  await ctx.out.list(groupsOf(await getUserGroups(http, id)), GROUP_VIEW);
}

export default defineVerb<CommonFlags, [string]>({
  name: 'groups <id|email>',
  summary: 'List the groups a user belongs to',
  json: true,
  examples: ['epi users groups 10001', 'epi users groups anna@acme.example --json id,name'],
  run: groups,
});
