import { geocodeAddress } from '../../api/partner-directory.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { defineVerb } from '../define.js';
import { GEOLOCATION_VIEW } from './views.js';

export async function geocode(ctx: Context, _opts: CommonFlags, address: string): Promise<void> {
  if (!address.trim()) throw new UsageError('The address is empty.', { hint: 'Pass an address, e.g. epi partners geocode "Auweg 1, 93055 Regensburg, DE".' });
  await ctx.out.record(await geocodeAddress(await ctx.http(), { address: address.trim() }), GEOLOCATION_VIEW);
}

export default defineVerb({
  name: 'geocode <address>',
  summary: 'Turn an address into latitude and longitude',
  description: 'Turn an address into latitude, longitude and a normalized label (Partner Directory API: POST /v1/geolocation/text:search).',
  json: true,
  examples: ['epi partners geocode "Auweg 1, 93055 Regensburg, DE"', 'epi partners geocode "Domplatz 1, Köln" --json lat,lng'],
  run: geocode,
});
