import { getUser, type User } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { isEmail, resolveUserId, userByEmail } from './lookup.js';
import { USER_VIEW } from './views.js';

export async function get(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  const http = await ctx.http();
  // The listing already returns whole user records, so an email costs one lookup and no second request.
  const user: User = isEmail(ref) ? await userByEmail(http, ref) : await getUser(http, await resolveUserId(http, ref));
  await ctx.out.record(user, USER_VIEW);
}

export default defineVerb<CommonFlags, [string]>({
  name: 'get <id|email>',
  summary: 'Show one user, by id or by email address',
  json: true,
  view: USER_VIEW,
  examples: ['epi users get 10001', 'epi users get anna@acme.example --json id,status'],
  run: get,
});
