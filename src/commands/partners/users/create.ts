import { Option, type Command } from '@commander-js/extra-typings';
import { createPartnerUser, type CreatePartnerUserBody, type InvitationLanguage } from '../../../api/partner-directory.js';
import { isPlanned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { validEmail } from '../../../input.js';
import { resolveRoleIds } from '../../../resolve/roles.js';
import { defineVerb } from '../../define.js';
import { ROLE_FLAG } from '../../flags.js';
import { LANGUAGES } from '../invite.js';
import { CREATED_USER_VIEW } from '../views.js';

export interface CreatePartnerUserOptions extends CommonFlags {
  email?: string;
  role?: string[];
  language?: InvitationLanguage;
}

export async function create(ctx: Context, o: CreatePartnerUserOptions, orgId: string): Promise<void> {
  const email = validEmail(await ctx.require(o.email, '--email', 'Email of the new user:'), '--email');
  const body: CreatePartnerUserBody = { email };
  const http = await ctx.http();
  if (o.role?.length) body.roles = await resolveRoleIds(http, o.role, '--role', { partnerOrg: orgId });
  if (o.language) body.language = o.language;
  const user = await createPartnerUser(http, orgId, body);
  if (isPlanned(user)) return;
  ctx.out.info(`Created user ${user?.id ?? email} in partner organization ${orgId}.`);
  await ctx.out.record(user, CREATED_USER_VIEW);
}

export default defineVerb({
  name: 'create <partner-org-id>',
  summary: 'Create a user in a partner organization',
  description:
    'Create a user in a partner organization (Partner Directory API: POST /v2/partners/{orgId}/users).\n--role is a role of the partner organization by id, slug or name, looked up in GET /v2/partners/{orgId}/roles.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--email <email>', 'email of the new user')
      .option(...ROLE_FLAG)
      .addOption(new Option('--language <lang>', 'language of the invitation email').choices(LANGUAGES)),
  examples: ['epi partners users create 456789 --email jane@partner.example --role 456789:partner_admin --language de'],
  run: create,
});
