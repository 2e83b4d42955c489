import { approvePartner } from '../../api/partner-directory.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { PARTNER_VIEW } from './views.js';

export async function approve(ctx: Context, _opts: CommonFlags, partnerId: string): Promise<void> {
  const partner = await approvePartner(await ctx.http(), partnerId);
  if (isPlanned(partner)) return;
  ctx.out.info(`Approved partner ${partnerId}.`);
  await ctx.out.record(partner, PARTNER_VIEW);
}

export default defineVerb({
  name: 'approve <partner-id>',
  summary: 'Approve a partner request',
  description: 'Approve a partner request (Partner Directory API: POST /v1/partners/{id}/approve).',
  json: true,
  dryRun: true,
  examples: ['epi partners approve e45a6dc2-3795-43a3-ae0f-6b6760f310fc'],
  run: approve,
});
