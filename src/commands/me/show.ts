import { getMeV2 } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { USER_VIEW } from '../users/views.js';

export async function show(ctx: Context, _opts: CommonFlags): Promise<void> {
  await ctx.out.record(await getMeV2(await ctx.http()), USER_VIEW);
}

export default defineVerb({
  name: 'show',
  summary: 'Show your own user (also what plain `epi me` does)',
  description: 'Show the user you are logged in as (GET /v2/users/me). `epi me` on its own runs this.',
  json: true,
  view: USER_VIEW,
  examples: ['epi me', 'epi me --json id,email,organization_id'],
  run: show,
});
