import { getUser, type User } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { isEmail, resolveUserId, userByEmail } from '../../resolve/users.js';
import { USER_VIEW } from './views.js';

export async function get(ctx: Context, _opts: CommonFlags, ref: string): Promise<void> {
  const http = await ctx.http();
  // The listing already returns whole user records, so an email costs one lookup and no second request.
  const user: User = isEmail(ref) ? await userByEmail(http, ref) : await getUser(http, await resolveUserId(http, ref));
  await ctx.out.record(user, USER_VIEW);
}

export default defineVerb({
  name: 'get <user>',
  summary: 'Show one user, by id or by email address',
  description: `Show one user (GET /v2/users/{id}; an email is found in the user listing, which holds whole records).\n${USER_ARG_HELP}`,
  json: true,
  view: USER_VIEW,
  examples: ['epi users get 10001', 'epi users get anna@acme.example --json id,status'],
  run: get,
});
