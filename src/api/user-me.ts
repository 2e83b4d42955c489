import type { Components, Paths } from '@epilot/user-client';
import { seg, type Http } from './types.js';

/**
 * The settings of the signed-in user are in the User API docs but not yet in the published
 * @epilot/user-client types or spec, so their shapes are declared here from the API docs.
 */
export interface UserSettingsList {
  results: Array<{ scope: string; keys: string[] }>;
}
export interface UserSettingsScope {
  scope: string;
  settings: Record<string, unknown>;
}
export interface UserSetting {
  scope: string;
  key: string;
  value: unknown;
  created_at: string;
  updated_at: string;
}

export type Passkey = Components.Schemas.Passkey;
export type Navigation = Components.Schemas.Navigation;
export type NavigationCreateRequest = Paths.CreateNavigation.RequestBody;
export type SwitchOrganizationResult = Paths.SwitchOrganization.Responses.$200;

const settingPath = (scope: string, key: string) => `/v2/users/me/settings/${seg(scope)}/${seg(key)}`;

export const listUserSettings = (http: Http) => http.request<UserSettingsList>('user', 'GET', '/v2/users/me/settings');

export const getUserSettingsScope = (http: Http, scope: string) =>
  http.request<UserSettingsScope>('user', 'GET', `/v2/users/me/settings/${seg(scope)}`);

export const getUserSetting = (http: Http, scope: string, key: string) => http.request<UserSetting>('user', 'GET', settingPath(scope, key));

export const putUserSetting = (http: Http, scope: string, key: string, value: unknown) =>
  http.request<UserSetting>('user', 'PUT', settingPath(scope, key), { body: value });

export const deleteUserSetting = (http: Http, scope: string, key: string) => http.request<unknown>('user', 'DELETE', settingPath(scope, key));

export const listPasskeys = (http: Http) =>
  http.request<Paths.ListPasskeys.Responses.$200>('user', 'GET', '/v2/users/me/passkeys');

export const deletePasskey = (http: Http, credentialId: string) =>
  http.request<unknown>('user', 'DELETE', `/v2/users/me/passkeys/${seg(credentialId)}`);

export const switchOrganization = (http: Http, orgId: string) =>
  http.request<SwitchOrganizationResult>('user', 'POST', '/v2/users/switchOrganization', { body: { org_id: orgId } satisfies Paths.SwitchOrganization.RequestBody });

export const createNavigation = (http: Http, body: NavigationCreateRequest) =>
  http.request<Navigation>('user', 'POST', '/v2/user/navigations', { body });

export const getNavigation = (http: Http, id: string) => http.request<Navigation>('user', 'GET', `/v2/user/navigations/${seg(id)}`);
