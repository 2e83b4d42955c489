import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';

export async function token(ctx: Context, _opts: CommonFlags): Promise<void> {
  ctx.out.value(await ctx.token());
}

export default defineVerb({
  name: 'token',
  summary: 'Print the active token to stdout, for $(epi auth token)',
  description: 'Print the active token (EPILOT_TOKEN or the profile\'s) to stdout, e.g. curl -H "Authorization: Bearer $(epi auth token)".\nExits 4 when there is no token or it has expired.',
  run: token,
});
