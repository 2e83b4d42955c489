import { deletePartnerUser } from '../../../api/partner-directory.js';
import { isPlanned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { defineVerb } from '../../define.js';

export async function remove(ctx: Context, _opts: CommonFlags, orgId: string, userId: string): Promise<void> {
  await ctx.confirm(`Delete user ${userId} from partner organization ${orgId}?`);
  if (isPlanned(await deletePartnerUser(await ctx.http(), orgId, userId))) return;
  ctx.out.info(`Deleted user ${userId} from partner organization ${orgId}.`);
}

export default defineVerb<CommonFlags, [string, string]>({
  name: 'delete <partner-org-id> <user-id>',
  summary: 'Delete a user from a partner organization (asks first; --yes in scripts)',
  description: 'Delete a user from a partner organization (Partner Directory API: DELETE /v2/partners/{orgId}/users/{userId}).',
  aliases: ['rm'],
  dryRun: true,
  confirm: true,
  examples: ['epi partners users delete 456789 10042 --yes'],
  run: remove,
});
