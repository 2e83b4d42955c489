import { getCurrentOrganization } from '../../api/organization.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { ORG_VIEW } from './views.js';

export async function current(ctx: Context, _opts: CommonFlags): Promise<void> {
  const org = await getCurrentOrganization(await ctx.http());
  await ctx.out.record(org, ORG_VIEW);
}

export default defineVerb({
  name: 'current',
  summary: 'Show the organization you are signed in to',
  json: true,
  view: ORG_VIEW,
  examples: ['epi org current', 'epi org current --json id,name'],
  run: current,
});
