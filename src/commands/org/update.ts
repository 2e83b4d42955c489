import type { Command } from '@commander-js/extra-typings';
import { updateOrganization, type OrganizationPatch } from '../../api/organization.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { compact, readJsonObjectInput, validEmail, validUrl } from '../../input.js';
import type { IO } from '../../runtime.js';
import { defineVerb } from '../define.js';
import { ORG_VIEW } from './views.js';

export interface UpdateOrgOptions extends CommonFlags {
  name?: string;
  email?: string;
  phone?: string;
  website?: string;
  signature?: string;
  street?: string;
  streetNumber?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  fromFile?: string;
}

/** Builds the PATCH body from flags: only what was given, validated before anything is sent. */
export async function orgPatch(o: UpdateOrgOptions, io: IO): Promise<OrganizationPatch> {
  if (o.fromFile) {
    const flagged = [o.name, o.email, o.phone, o.website, o.signature, o.street, o.streetNumber, o.postalCode, o.city, o.country].some((v) => v !== undefined);
    if (flagged) throw new UsageError('--from-file cannot be combined with field flags.', { hint: 'Put every field in the file, or use flags only.' });
    const body = await readJsonObjectInput(o.fromFile, io);
    if (typeof body.email === 'string') validEmail(body.email, 'email in --from-file');
    if (typeof body.website === 'string') validUrl(body.website, 'website in --from-file');
    return body as OrganizationPatch;
  }
  const address = compact({ street: o.street, street_number: o.streetNumber, postal_code: o.postalCode, city: o.city, country: o.country });
  const patch = compact({
    name: o.name,
    email: o.email === undefined ? undefined : validEmail(o.email, '--email'),
    phone: o.phone,
    website: o.website === undefined ? undefined : validUrl(o.website, '--website'),
    signature: o.signature,
    address: Object.keys(address).length ? address : undefined,
  });
  if (Object.keys(patch).length === 0) {
    throw new UsageError('Nothing to update.', {
      hint: 'Pass at least one of --name, --email, --phone, --website, --signature, --street, --street-number, --postal-code, --city, --country, or --from-file.',
    });
  }
  return patch as OrganizationPatch;
}

export async function update(ctx: Context, o: UpdateOrgOptions, orgId?: string): Promise<void> {
  const patch = await orgPatch(o, ctx.io);
  const id = await ctx.orgId(orgId);
  const org = await updateOrganization(await ctx.http(), id, patch);
  if (isPlanned(org)) return;
  await ctx.out.record(org, ORG_VIEW);
}

export default defineVerb({
  name: 'update [org-id]',
  summary: 'Change organization details (sends only the fields you give)',
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--name <name>', 'organization name')
      .option('--email <email>', 'contact email')
      .option('--phone <phone>', 'phone number')
      .option('--website <url>', 'website URL')
      .option('--signature <html>', 'default email signature (HTML)')
      .option('--street <street>', 'address: street')
      .option('--street-number <n>', 'address: street number')
      .option('--postal-code <code>', 'address: postal code')
      .option('--city <city>', 'address: city')
      .option('--country <country>', 'address: country')
      .option('--from-file <path|->', 'send this JSON as the whole PATCH body (a file, or - for stdin)'),
  examples: ['epi org update --name "Acme Energy" --website https://acme.example', 'epi org update 739224 --city Köln --postal-code 50667 --dry-run'],
  run: update,
});
