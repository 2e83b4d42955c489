import { switchOrganization } from '../../api/user-me.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { defineVerb } from '../define.js';

export async function switchOrg(ctx: Context, _opts: CommonFlags, orgId: string): Promise<void> {
  if (!orgId.trim()) throw new UsageError('The organization id is empty.', { hint: 'See your organizations with `epi org list`.' });
  const result = await switchOrganization(await ctx.http(), orgId.trim());
  if (isPlanned(result)) return;
  ctx.out.info(`You can switch to organization ${orgId}. epi keeps using your current token.`);
  // The login token is a credential: it goes to stdout only when a script asks for it.
  if (ctx.out.json) ctx.out.rawJson({ org_id: orgId.trim(), login_token: result?.login_token });
  else ctx.out.info('The login token was not printed; pass --json to get it for a sign-in flow.');
}

export default defineVerb({
  name: 'switch <org-id>',
  summary: 'Get a login token for another organization you belong to (printed only with --json)',
  description:
    'Ask the API to switch you to another organization you belong to (POST /v2/users/switchOrganization).\n' +
    'The answer is a one-time login token for that organization, to complete a CUSTOM_AUTH sign-in against its\n' +
    'Cognito login parameters (see `epi org list --json`); the sign-in then yields a normal token for `epi auth login`.\n' +
    'It is not an API token and epi does not store it. It is a credential: it is printed only with --json, on stdout.',
  json: true,
  dryRun: true,
  examples: ['epi org switch 739225', 'epi org switch 739225 --json | jq -r .login_token'],
  run: switchOrg,
});
