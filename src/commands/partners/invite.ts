import { Option, type Command } from '@commander-js/extra-typings';
import { invitePartner, type InvitationLanguage } from '../../api/partner-directory.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { compact } from '../../input.js';
import { defineVerb } from '../define.js';
import { PARTNER_VIEW } from './views.js';

export interface InvitePartnerOptions extends CommonFlags {
  language?: InvitationLanguage;
}

export const LANGUAGES: InvitationLanguage[] = ['en', 'de'];

export async function invite(ctx: Context, o: InvitePartnerOptions, partnerId: string): Promise<void> {
  const partner = await invitePartner(await ctx.http(), partnerId, compact({ language: o.language }));
  if (isPlanned(partner)) return;
  ctx.out.info(`Sent the invitation to partner ${partnerId}${partner?.email ? ` (${partner.email})` : ''}.`);
  await ctx.out.record(partner, PARTNER_VIEW);
}

export default defineVerb({
  name: 'invite <partner-id>',
  summary: 'Email a partner an invitation to collaborate',
  description: 'Email a partner an invitation to collaborate (Partner Directory API: POST /v2/partners/{id}/invite).',
  json: true,
  dryRun: true,
  flags: (cmd: Command) => cmd.addOption(new Option('--language <lang>', 'language of the invitation email').choices(LANGUAGES)),
  examples: ['epi partners invite e45a6dc2-3795-43a3-ae0f-6b6760f310fc --language de'],
  run: invite,
});
