import { getFeatureSettings } from '../../api/organization.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { FEATURE_VIEW } from './views.js';

export async function featureCatalog(ctx: Context, _opts: CommonFlags): Promise<void> {
  await ctx.out.list(await getFeatureSettings(await ctx.http()), FEATURE_VIEW);
}

export default defineVerb({
  name: 'feature-catalog',
  summary: 'List the platform feature catalog (older API)',
  description: 'List the platform feature catalog (GET /v2/feature-settings, deprecated upstream in favour of `epi org features`).',
  json: true,
  view: FEATURE_VIEW,
  run: featureCatalog,
});
