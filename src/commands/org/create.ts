import type { Command } from '@commander-js/extra-typings';
import { signUpUser, type SignUpBody, type SignUpResult } from '../../api/user-public.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { compact, oneOf, validEmail, validUrl } from '../../input.js';
import type { View } from '../../output/printer.js';
import { newPassword, passwordFlag, secretArgument, type PasswordFlags } from '../../password.js';
import { defineVerb } from '../define.js';

export interface CreateOrgOptions extends CommonFlags, PasswordFlags {
  name?: string;
  type?: string;
  pricingTier?: string;
  email?: string;
  phone?: string;
  website?: string;
  ownerName?: string;
  ownerEmail?: string;
  language?: string;
  acceptTerms?: boolean;
  partnerToken?: string;
}

const ORG_TYPES = ['Vendor', 'Partner'] as const;
const LANGUAGES = ['en', 'de'] as const;

const SIGNUP_VIEW: View<SignUpResult> = {
  columns: [
    { header: 'Organization ID', value: (r) => r.organization?.id },
    { header: 'Name', value: (r) => r.organization?.name },
    { header: 'Type', value: (r) => r.organization?.type },
    { header: 'Pricing tier', value: (r) => r.organization?.pricing_tier },
    { header: 'Owner user ID', value: (r) => r.user?.id },
    { header: 'Owner email', value: (r) => r.user?.email },
  ],
  fields: ['user', 'organization'],
};

/**
 * Flags that were given are checked before any question; a missing required value is asked for on a
 * terminal, elsewhere it fails naming the flag.
 */
async function signUpBody(ctx: Context, o: CreateOrgOptions): Promise<SignUpBody> {
  if (o.type !== undefined) oneOf(o.type, ORG_TYPES, '--type');
  if (o.email !== undefined) validEmail(o.email, '--email');
  if (o.ownerEmail !== undefined) validEmail(o.ownerEmail, '--owner-email');
  const language = o.language === undefined ? undefined : oneOf(o.language, LANGUAGES, '--language');
  const website = o.website === undefined ? undefined : validUrl(o.website, '--website');
  const name = await ctx.require(o.name?.trim(), '--name', 'Organization name:');
  const type = oneOf(await ctx.require(o.type, '--type', 'Organization type (Vendor or Partner):'), ORG_TYPES, '--type');
  const pricingTier = await ctx.require(o.pricingTier?.trim(), '--pricing-tier', 'Pricing tier (e.g. professional):');
  const email = validEmail(await ctx.require(o.email, '--email', 'Organization contact email:'), '--email');
  const ownerName = await ctx.require(o.ownerName?.trim(), '--owner-name', 'Owner full name:');
  const ownerEmail = validEmail(await ctx.require(o.ownerEmail, '--owner-email', "Owner email (the first user's login):"), '--owner-email');
  const password = await newPassword(ctx, o);
  const consent = o.acceptTerms ? { is_privacy_policy_checked: true, is_terms_and_conditions_checked: true } : {};
  return compact({
    organization_detail: { type, name, pricing_tier: pricingTier, email, ...compact({ phone: o.phone, website }), ...consent },
    user_detail: { full_name: ownerName, email: ownerEmail, password },
    language,
  });
}

export async function create(ctx: Context, o: CreateOrgOptions): Promise<void> {
  // Read before the password: both may want stdin, and secretArgument refuses that.
  const partnerToken = o.partnerToken === undefined ? undefined : await secretArgument(ctx, o.partnerToken, '--partner-token', o.passwordStdin ? '--password-stdin' : undefined);
  const body = await signUpBody(ctx, o);
  const result = await signUpUser(await ctx.http(), body, partnerToken);
  if (isPlanned(result)) return;
  ctx.out.info(`Created organization "${result?.organization?.name}" (${result?.organization?.id}) with owner ${result?.user?.email ?? body.user_detail?.email}.`);
  await ctx.out.record(result, SIGNUP_VIEW);
}

export default defineVerb({
  name: 'create',
  summary: 'Sign up a new organization with its first user (owner); no login needed',
  description:
    'Create a new epilot organization and its owner user (public sign-up, POST /v2/users/public/signup).\n' +
    'The owner\'s password comes from a hidden prompt, asked twice, or from stdin with --password-stdin; never from a flag.\n' +
    '--dry-run shows the request with the password masked.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    passwordFlag(
      cmd
        .option('--name <name>', 'organization name')
        .option('--type <type>', 'Vendor or Partner')
        .option('--pricing-tier <tier>', 'pricing tier, e.g. professional')
        .option('--email <email>', 'organization contact email')
        .option('--phone <phone>', 'organization phone number')
        .option('--website <url>', 'organization website')
        .option('--owner-name <name>', 'full name of the first user, who owns the organization')
        .option('--owner-email <email>', 'email (login) of the first user')
        .option('--language <lang>', 'language of the emails sent: en or de (default: en)')
        .option('--accept-terms', 'accept the privacy policy and the terms and conditions for the organization')
        .option('--partner-token <token>', 'partner invitation token, when signing up from a partner invitation (- reads it from stdin)'),
    ),
  examples: [
    'epi org create --name "Acme Energy" --type Vendor --pricing-tier professional --email ops@acme.example \\\n      --owner-name "Ada Admin" --owner-email ada@acme.example --accept-terms',
    'printf "%s" "$PASSWORD" | epi org create ... --password-stdin',
  ],
  run: create,
});
