import type { Command } from '@commander-js/extra-typings';
import { activatePartner, type ActivatePartnerBody } from '../../api/partner-directory.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { validEmail } from '../../input.js';
import { secretArgument } from '../../password.js';
import { defineVerb } from '../define.js';

export interface ActivatePartnerOptions extends CommonFlags {
  companyName?: string;
  email?: string;
  orgId?: string;
}

export async function activate(ctx: Context, o: ActivatePartnerOptions, tokenArg: string): Promise<void> {
  const token = await secretArgument(ctx, tokenArg, 'invitation token');
  if (o.companyName !== undefined && !o.companyName.trim()) throw new UsageError('--company-name is empty.');
  const email = validEmail(await ctx.require(o.email, '--email', 'Email you signed up with:'), '--email');
  const orgId = (await ctx.require(o.orgId, '--org-id', 'Your organization id:')).trim();
  if (!orgId) throw new UsageError('--org-id is empty.');
  const body: ActivatePartnerBody = { signed_up_email: email, organization_id: orgId };
  if (o.companyName !== undefined) body.company_name = o.companyName.trim();
  if (isPlanned(await activatePartner(await ctx.http(), token, body))) return;
  ctx.out.info(`Activated the partnership for organization ${orgId}.`);
}

export default defineVerb({
  name: 'activate <token>',
  summary: 'Accept a partner invitation for your organization (no login needed)',
  description: 'Accept a partner invitation with its token (Partner Directory API, public: POST /v1/partner-directory/public/activate).\n`-` reads the token from stdin (argv is visible in `ps`).',
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--company-name <name>', "your company's name")
      .option('--email <email>', 'the email you signed up with')
      .option('--org-id <id>', 'your epilot organization id'),
  examples: ['epi partners activate "$INVITE_TOKEN" --company-name "Acme Solar GmbH" --email admin@acme-solar.example --org-id 456789'],
  run: activate,
});
