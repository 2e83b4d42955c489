import type { FeatureFlag, Organization } from '../../api/organization.js';
import { documentedFields, type View } from '../../output/printer.js';

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
  fields: documentedFields<Organization>({
    id: true, name: true, email: true, phone: true, website: true, address: true, organization_use: true,
    parent_production_org_id: true, created_date: true, logo_url: true, logo_thumbnail_url: true, signature: true,
    is_unlicensed_org: true, style: true, type: true, symbol: true, pricing_tier: true, free_user_limit: true,
  }),
};

const i18n = (v: FeatureFlag['title']) => (typeof v === 'string' ? v : (v?.en ?? Object.values(v ?? {})[0]));

export const FEATURE_VIEW: View<FeatureFlag> = {
  columns: [
    { header: 'Feature', value: (f) => f.feature_name },
    { header: 'Title', value: (f) => i18n(f.title) },
    { header: 'Badge', value: (f) => f.badge },
    { header: 'Partners', value: (f) => (f.is_visible_for_partner ? 'yes' : 'no') },
  ],
  fields: documentedFields<FeatureFlag>({
    feature_name: true, title: true, description: true, badge: true, confetti: true, one_way: true, reverse_checked: true,
    is_visible_for_partner: true, visibility_rules: true,
  }),
};
