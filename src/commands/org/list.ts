import type { Command } from '@commander-js/extra-typings';
import { getUserLoginParameters, type LoginParameters } from '../../api/user-public.js';
import { getMeV2 } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { validEmail } from '../../input.js';
import { documentedFields, type View } from '../../output/printer.js';
import { pagingFlags, printPaged, type PageFlags } from '../../paging.js';
import { wholeListPages } from '../../paging.js';
import { defineVerb } from '../define.js';

export interface ListOrgsOptions extends CommonFlags, PageFlags {
  email?: string;
}

function orgListView(currentOrg: string | undefined): View<LoginParameters> {
  return {
    columns: [
      { header: 'ID', value: (p) => p.organization_id },
      { header: 'Name', value: (p) => p.organization_name },
      { header: 'Type', value: (p) => p.organization_type },
      { header: 'Use', value: (p) => p.organization_use },
      { header: 'Current', value: (p) => (currentOrg !== undefined && p.organization_id === currentOrg ? '*' : '') },
    ],
    // passkeys_registered is in the published spec, not yet in the @epilot/user-client types.
    fields: documentedFields<LoginParameters & { passkeys_registered?: boolean }>({
      organization_id: true, organization_name: true, organization_type: true, organization_use: true, cognito_region: true,
      cognito_user_pool_id: true, cognito_user_pool_client_id: true, cognito_oauth_domain: true, cognito_oauth_scopes: true,
      oauth_response_type: true, passkey_enabled: true, passkeys_registered: true,
    }),
  };
}

/** The login email: --email, the token's email claim, the one `auth login` stored, or the API's answer. */
async function loginEmail(ctx: Context, flag: string | undefined): Promise<string> {
  if (flag !== undefined) return validEmail(flag, '--email');
  const s = await ctx.session();
  const known = s.tokenInfo?.email ?? (s.tokenSource === 'profile' ? s.profile.email : undefined);
  if (known) return known;
  const me = await getMeV2(await ctx.http());
  if (!me?.email) throw new UsageError('Could not tell your login email.', { hint: 'Pass --email <email>.' });
  return me.email;
}

export async function list(ctx: Context, o: ListOrgsOptions): Promise<void> {
  const email = await loginEmail(ctx, o.email);
  const current = o.email === undefined ? (await ctx.session()).tokenInfo?.orgId : undefined;
  const http = await ctx.http();
  const pages = wholeListPages(() => getUserLoginParameters(http, email));
  await printPaged(ctx, pages, orgListView(current), o);
}

export default defineVerb({
  name: 'list',
  summary: 'List the organizations you can sign in to',
  description:
    'List the organizations your login can sign in to (GET /v2/users/public/username/{email}:getLoginParameters).\nThe first is your primary organization; * marks the one your token is for. Switch with `epi org switch <org-id>`.',
  aliases: ['ls'],
  json: true,
  flags: (cmd: Command) => pagingFlags(cmd.option('--email <email>', 'list for this login email instead of yours (no login needed)')),
  examples: ['epi org list', 'epi org list --json organization_id,organization_name'],
  run: list,
});
