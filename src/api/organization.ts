import type { Components, Paths } from '@epilot/organization-client';
import { envelope, list, optional, record, sameId, unused } from './shape.js';
import { seg, type Http } from './types.js';

export type Organization = Components.Schemas.Organization;
export type OrganizationPatch = Paths.UpdateOrganization.RequestBody;
export type Settings = Components.Schemas.Settings;
export type SettingsValue = Components.Schemas.SettingsValue;

/**
 * Feature settings (`{ version, feature_flags }`) are in the API docs but not yet in the published
 * @epilot/organization-client types, so the flag shape is declared here from the API docs.
 */
export interface FeatureFlag {
  feature_name: string;
  title?: Record<string, string> | string;
  description?: Record<string, string> | string;
  badge?: 'alpha' | 'beta' | 'new' | 'advanced' | 'experiment' | 'deprecated';
  one_way?: boolean;
  reverse_checked?: boolean;
  is_visible_for_partner?: boolean;
  visibility_rules?: unknown[];
  [key: string]: unknown;
}

const organization = record<Organization>('an organization', 'id');
const featureFlags = envelope('feature_flags', list('an array of feature flags', record<FeatureFlag>('a feature flag', 'feature_name')));

export const getCurrentOrganization = (http: Http) => http.read('organization', 'GET', '/v2/organization/current', organization);

export const getOrganization = (http: Http, orgId: string) => http.read('organization', 'GET', `/v2/organization/${seg(orgId)}`, sameId(organization, orgId));

export const updateOrganization = (http: Http, orgId: string, patch: OrganizationPatch) =>
  http.change('organization', 'PATCH', `/v2/organization/${seg(orgId)}`, sameId(organization, orgId), { body: patch });

/** A map of setting keys to values: `{}` is an organization without settings. Numbers stay exact (src/exact-json.ts). */
export const getSettings = (http: Http, orgId: string) =>
  http.read('organization', 'GET', `/v2/organization/${seg(orgId)}/settings`, record<Settings>('an object of settings'), { exactNumbers: true });

/** Answers the stored value, which may be any JSON value; numbers in it stay exact both ways. */
export const putSettingsValue = (http: Http, orgId: string, key: string, value: SettingsValue) =>
  http.change('organization', 'PUT', `/v2/organization/${seg(orgId)}/settings/${seg(key)}`, optional(unused), { body: value, exactNumbers: true });

export const deleteSettingsValue = (http: Http, orgId: string, key: string) =>
  http.change('organization', 'DELETE', `/v2/organization/${seg(orgId)}/settings/${seg(key)}`, unused);

export const getOrganizationFeatureSettings = (http: Http) => http.read('organization', 'GET', '/v2/organization/feature-settings', featureFlags);

export const getFeatureSettings = (http: Http) => http.read('organization', 'GET', '/v2/feature-settings', featureFlags);
