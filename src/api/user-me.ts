import type { Components, Paths } from '@epilot/user-client';
import { envelope, id, list, mapOf, optional, record, sameId, ShapeError, unused, withFields } from './shape.js';
import { seg, type Http, type Shape } from './types.js';

/**
 * The settings of the signed-in user are in the User API docs but not yet in the published
 * @epilot/user-client types or spec, so their shapes are declared here from the API docs.
 */
export interface SettingsScopeKeys {
  scope: string;
  keys: string[];
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
const setting = record<UserSetting>('a setting', 'key');
/** A menu item is `{ key }`, or a group `{ name, subItems: [{ key }] }`; the view reads both. */
const navigationItem: Shape<unknown> = (body) => {
  const item = withFields(record<Record<string, unknown>>('a menu item'), { subItems: list('an array of menu items', record('a menu item', 'key')) })(body);
  if (!('key' in item) && !Array.isArray(item.subItems)) throw new ShapeError('a menu item with "key" or "subItems"', 'an object with neither');
  return item;
};
const navigation = withFields(record<Navigation>('a navigation', 'id'), {
  configuration: mapOf('an object of menu sections', list('an array of menu items', navigationItem)),
});

export const listUserSettings = (http: Http) =>
  http.read(
    'user',
    'GET',
    '/v2/users/me/settings',
    envelope('results', list('an array of setting scopes', withFields(record<SettingsScopeKeys>('a scope', 'scope'), { keys: list('an array of keys', id) }))),
  );

// Setting values are stored as sent, so their numbers are read exactly (src/exact-json.ts).
export const getUserSettingsScope = (http: Http, scope: string) =>
  http.read('user', 'GET', `/v2/users/me/settings/${seg(scope)}`, withFields(record<UserSettingsScope>('a scope', 'scope'), { settings: record('an object of settings') }), {
    exactNumbers: true,
  });

export const getUserSetting = (http: Http, scope: string, key: string) => http.read('user', 'GET', settingPath(scope, key), setting, { exactNumbers: true });

/** Answers the stored setting, when the API sends it back. */
export const putUserSetting = (http: Http, scope: string, key: string, value: unknown) =>
  http.change('user', 'PUT', settingPath(scope, key), optional(setting), { body: value, exactNumbers: true });

export const deleteUserSetting = (http: Http, scope: string, key: string) => http.change('user', 'DELETE', settingPath(scope, key), unused);

export const listPasskeys = (http: Http) =>
  http.read('user', 'GET', '/v2/users/me/passkeys', envelope('passkeys', list('an array of passkeys', record<Passkey>('a passkey', 'credential_id'))));

export const deletePasskey = (http: Http, credentialId: string) => http.change('user', 'DELETE', `/v2/users/me/passkeys/${seg(credentialId)}`, unused);

export const switchOrganization = (http: Http, orgId: string) =>
  http.change('user', 'POST', '/v2/users/switchOrganization', record<SwitchOrganizationResult>('a login token', 'login_token'), {
    body: { org_id: orgId } satisfies Paths.SwitchOrganization.RequestBody,
  });

export const createNavigation = (http: Http, body: NavigationCreateRequest) => http.change('user', 'POST', '/v2/user/navigations', navigation, { body });

export const getNavigation = (http: Http, id: string) => http.read('user', 'GET', `/v2/user/navigations/${seg(id)}`, sameId(navigation, id));
