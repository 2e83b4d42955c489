import type { Components, Paths } from '@epilot/organization-client';
import { seg, type Http } from './types.js';

export type Organization = Components.Schemas.Organization;
export type OrganizationPatch = Paths.UpdateOrganization.RequestBody;
export type Settings = Components.Schemas.Settings;
export type SettingsValue = Components.Schemas.SettingsValue;

/**
 * Feature settings are in the API (../specs) but not yet in the published
 * @epilot/organization-client types, so their shape is declared here from the API docs.
 */
export interface FeatureSettings {
  version: string;
  feature_flags: FeatureFlag[];
}
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

export const getCurrentOrganization = (http: Http) => http.request<Organization>('organization', 'GET', '/v2/organization/current');

export const getOrganization = (http: Http, orgId: string) =>
  http.request<Organization>('organization', 'GET', `/v2/organization/${seg(orgId)}`);

export const updateOrganization = (http: Http, orgId: string, patch: OrganizationPatch) =>
  http.request<Organization>('organization', 'PATCH', `/v2/organization/${seg(orgId)}`, { body: patch });

export const getSettings = (http: Http, orgId: string) =>
  http.request<Settings>('organization', 'GET', `/v2/organization/${seg(orgId)}/settings`);

export const putSettingsValue = (http: Http, orgId: string, key: string, value: SettingsValue) =>
  http.request<SettingsValue>('organization', 'PUT', `/v2/organization/${seg(orgId)}/settings/${seg(key)}`, { body: value });

export const deleteSettingsValue = (http: Http, orgId: string, key: string) =>
  http.request<unknown>('organization', 'DELETE', `/v2/organization/${seg(orgId)}/settings/${seg(key)}`);

export const getOrganizationFeatureSettings = (http: Http) =>
  http.request<FeatureSettings>('organization', 'GET', '/v2/organization/feature-settings');

export const getFeatureSettings = (http: Http) => http.request<FeatureSettings>('organization', 'GET', '/v2/feature-settings');
