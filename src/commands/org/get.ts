import { getOrganization } from '../../api/organization.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { ORG_VIEW } from './views.js';

export async function get(ctx: Context, _opts: CommonFlags, orgId?: string): Promise<void> {
  const id = await ctx.orgId(orgId);
  await ctx.out.record(await getOrganization(await ctx.http(), id), ORG_VIEW);
}

export default defineVerb({
  name: 'get [org-id]',
  summary: 'Show an organization (default: the current one)',
  json: true,
  view: ORG_VIEW,
  examples: ['epi org get', 'epi org get 739224 --json'],
  run: get,
});
