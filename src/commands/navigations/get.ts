import { getNavigation } from '../../api/user-me.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { navigationView } from './view.js';

export async function get(ctx: Context, _opts: CommonFlags, id: string): Promise<void> {
  const nav = await getNavigation(await ctx.http(), id);
  await ctx.out.record(nav, navigationView(nav));
}

export default defineVerb({
  name: 'get <id>',
  summary: 'Show a navigation and its sections',
  json: true,
  examples: ['epi navigations get 5gbe4nkp6jsfq', 'epi navigations get 5gbe4nkp6jsfq --json configuration > nav.json'],
  run: get,
});
