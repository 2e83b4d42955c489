import { getOrganizationFeatureSettings } from '../../api/organization.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { FEATURE_VIEW } from './views.js';

export async function features(ctx: Context, _opts: CommonFlags): Promise<void> {
  await ctx.out.list(await getOrganizationFeatureSettings(await ctx.http()), FEATURE_VIEW);
}

export default defineVerb({
  name: 'features',
  summary: 'List the feature flags shown on the organization settings page',
  description:
    'List the feature flags shown on the organization settings page (GET /v2/organization/feature-settings).\nTheir on/off values are organization settings: see `epi settings list`.',
  json: true,
  view: FEATURE_VIEW,
  run: features,
});
