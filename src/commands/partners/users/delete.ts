import { deletePartnerUser } from '../../../api/partner-directory.js';
import { isPlanned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { resolveUserId } from '../../../resolve/users.js';
import { defineVerb } from '../../define.js';

export async function remove(ctx: Context, _opts: CommonFlags, orgId: string, user: string): Promise<void> {
  // Asked before the email lookup, so a refusal sends nothing at all.
  await ctx.confirm(`Delete user ${user.trim()} from partner organization ${orgId}?`);
  const http = await ctx.http();
  const userId = await resolveUserId(http, user, { flag: '<user>', partnerOrg: orgId });
  if (isPlanned(await deletePartnerUser(http, orgId, userId))) return;
  ctx.out.info(`Deleted user ${userId} from partner organization ${orgId}.`);
}

export default defineVerb({
  name: 'delete <partner-org-id> <user>',
  summary: 'Delete a user from a partner organization (asks first; --yes in scripts)',
  description: `Delete a user from a partner organization (Partner Directory API: DELETE /v2/partners/{orgId}/users/{userId}).
<user> is a user id or an email address of the partner organization, looked up in its users (GET /v2/partners/{orgId}/users).`,
  aliases: ['rm'],
  dryRun: true,
  confirm: true,
  examples: ['epi partners users delete 456789 10042 --yes', 'epi partners users delete 456789 jane@partner.example --yes'],
  run: remove,
});
