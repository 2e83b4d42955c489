import { getPartnerUsers } from '../../../api/partner-directory.js';
import type { CommonFlags, Context } from '../../../context.js';
import { defineVerb } from '../../define.js';
import { PARTNER_USER_VIEW } from '../views.js';

export async function list(ctx: Context, _opts: CommonFlags, orgId: string): Promise<void> {
  await ctx.out.list(await getPartnerUsers(await ctx.http(), orgId), PARTNER_USER_VIEW);
}

export default defineVerb({
  name: 'list <partner-org-id>',
  summary: 'List the users of a partner organization with their roles',
  description: 'List the users of a partner organization with their role ids (Partner Directory API: GET /v2/partners/{orgId}/users).',
  aliases: ['ls'],
  json: true,
  view: PARTNER_USER_VIEW,
  examples: ['epi partners users list 456789', "epi partners users list 456789 --json | jq '.[] | {email, roles: [.roles[].slug]}'"],
  run: list,
});
