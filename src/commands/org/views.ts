import type { FeatureFlag, Organization } from '../../api/organization.js';
import type { View } from '../../output/printer.js';

const address = (o: Organization) =>
  [[o.address?.street, o.address?.street_number].filter(Boolean).join(' '), [o.address?.postal_code, o.address?.city].filter(Boolean).join(' '), o.address?.country]
    .filter(Boolean)
    .join(', ');

export const ORG_VIEW: View<Organization> = {
  columns: [
    { header: 'ID', value: (o) => o.id },
    { header: 'Name', value: (o) => o.name },
    { header: 'Type', value: (o) => o.type },
    { header: 'Use', value: (o) => o.organization_use },
  ],
  detail: [
    { header: 'ID', value: (o) => o.id },
    { header: 'Name', value: (o) => o.name },
    { header: 'Type', value: (o) => o.type },
    { header: 'Use', value: (o) => o.organization_use },
    { header: 'Email', value: (o) => o.email },
    { header: 'Phone', value: (o) => o.phone },
    { header: 'Website', value: (o) => o.website },
    { header: 'Address', value: address },
    { header: 'Pricing tier', value: (o) => o.pricing_tier },
    { header: 'Symbol', value: (o) => o.symbol },
    { header: 'Created', value: (o) => o.created_date },
  ],
  fields: [
    'id', 'name', 'email', 'phone', 'website', 'address', 'organization_use', 'parent_production_org_id', 'created_date',
    'logo_url', 'logo_thumbnail_url', 'signature', 'is_unlicensed_org', 'style', 'type', 'symbol', 'pricing_tier', 'free_user_limit',
  ],
};

const i18n = (v: FeatureFlag['title']) => (typeof v === 'string' ? v : (v?.en ?? Object.values(v ?? {})[0]));

export const FEATURE_VIEW: View<FeatureFlag> = {
  columns: [
    { header: 'Feature', value: (f) => f.feature_name },
    { header: 'Title', value: (f) => i18n(f.title) },
    { header: 'Badge', value: (f) => f.badge },
    { header: 'Partners', value: (f) => (f.is_visible_for_partner ? 'yes' : 'no') },
  ],
  fields: ['feature_name', 'title', 'description', 'badge', 'confetti', 'one_way', 'reverse_checked', 'is_visible_for_partner', 'visibility_rules'],
};
