import type { Command } from '@commander-js/extra-typings';
import { getPartnerRoles } from '../../api/partner-directory.js';
import { listAllRoles, ROLE_TYPES, type RoleType } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { oneOf } from '../../input.js';
import { defineVerb } from '../define.js';
import { PARTNER_FLAG, partnerOrg } from './partner.js';
import { ROLE_VIEW, type RoleRecord } from './views.js';

export interface ListRolesOptions extends CommonFlags {
  type?: string;
  partner?: string;
}

export async function list(ctx: Context, o: ListRolesOptions): Promise<void> {
  // The API has no type filter, so the filter is applied here.
  const type: RoleType | undefined = o.type === undefined ? undefined : oneOf(o.type, ROLE_TYPES, '--type');
  const partner = partnerOrg(o.partner);
  const http = await ctx.http();
  const roles: RoleRecord[] = partner ? await getPartnerRoles(http, partner) : await listAllRoles(http);
  await ctx.out.list(type ? roles.filter((r) => r.type === type) : roles, ROLE_VIEW);
}

export default defineVerb({
  name: 'list',
  summary: "List the organization's roles, or a partner organization's",
  description:
    "List the organization's roles (Permissions API: GET /v1/permissions/roles).\nWith --partner, list a partner organization's roles (Partner Directory API: GET /v2/partners/{orgId}/roles).",
  aliases: ['ls'],
  json: true,
  view: ROLE_VIEW,
  flags: (cmd: Command) => cmd.option('--type <type>', `only roles of this type: ${ROLE_TYPES.join(', ')}`).option(...PARTNER_FLAG),
  examples: ['epi roles list', 'epi roles list --type user_role --json id,name', 'epi roles list --partner 456789'],
  run: list,
});
