import { rejectPartner } from '../../api/partner-directory.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { PARTNER_VIEW } from './views.js';

export async function reject(ctx: Context, _opts: CommonFlags, partnerId: string): Promise<void> {
  await ctx.confirm(`Reject partner ${partnerId}?`);
  const partner = await rejectPartner(await ctx.http(), partnerId);
  if (isPlanned(partner)) return;
  ctx.out.info(`Rejected partner ${partnerId}.`);
  await ctx.out.record(partner, PARTNER_VIEW);
}

export default defineVerb({
  name: 'reject <partner-id>',
  summary: 'Reject a partner request (asks first; --yes in scripts)',
  description: 'Reject a partner request (Partner Directory API: POST /v1/partners/{id}/reject).',
  json: true,
  dryRun: true,
  confirm: true,
  examples: ['epi partners reject e45a6dc2-3795-43a3-ae0f-6b6760f310fc --yes'],
  run: reject,
});
