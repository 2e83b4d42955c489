import type { Components, Paths } from '@epilot/user-client';
import { seg, type Http } from './types.js';
import type { Group } from './user-groups.js';

export type User = Components.Schemas.UserV2;
/** The v1 user shape: what the multi-organization listing and DELETE return. */
export type UserV1 = Components.Schemas.User;
export type UserPatch = Paths.UpdateUserV2.RequestBody;
export type UserInvitation = Components.Schemas.UserInvitationPayload;
export type InviteLanguage = NonNullable<UserInvitation['language']>;
export type ResendInvitation = Paths.ResendUserInvitation.RequestBody;

export const INVITE_LANGUAGES: readonly InviteLanguage[] = ['en', 'de'];

/**
 * POST /v2/users:sendPasswordReset is in the API docs but not in the published
 * @epilot/user-client types, so its body and answer are declared here from the API docs.
 */
export interface PasswordResetRequest {
  email: string;
}
export interface PasswordResetResult {
  success: boolean;
}

export interface UserListQuery {
  query?: string;
  limit?: number;
  offset?: number;
}

export const getMeV2 = (http: Http) => http.request<User>('user', 'GET', '/v2/users/me');

export const listUsers = (http: Http, q: UserListQuery) =>
  http.request<Paths.ListUsersV2.Responses.$200>('user', 'GET', '/v2/users', { query: { ...q } });

/** org_ids is `style: form, explode: false`: one comma-separated value, not a repeated parameter. */
export const listUsersInOrgs = (http: Http, orgIds: readonly string[], q: UserListQuery) =>
  http.request<Paths.ListUsers.Responses.$200>('user', 'GET', '/v1/users', { query: { org_ids: orgIds.join(','), ...q } });

export const getUser = (http: Http, id: string) => http.request<User>('user', 'GET', `/v2/users/${seg(id)}`);

export const updateUser = (http: Http, id: string, patch: UserPatch) =>
  http.request<User>('user', 'PATCH', `/v2/users/${seg(id)}`, { body: patch });

export const deleteUser = (http: Http, id: string) => http.request<UserV1 | undefined>('user', 'DELETE', `/v2/users/${seg(id)}`);

export const inviteUser = (http: Http, invitation: UserInvitation) =>
  http.request<User>('user', 'POST', '/v2/users/invite', { body: invitation });

export const resendInvitation = (http: Http, body: ResendInvitation) =>
  http.request<User>('user', 'POST', '/v2/users/invite:resendEmail', { body });

export const sendPasswordReset = (http: Http, body: PasswordResetRequest) =>
  http.request<PasswordResetResult>('user', 'POST', '/v2/users:sendPasswordReset', { body });

export const getUserGroups = (http: Http, id: string) =>
  http.request<Group[]>('user', 'GET', `/v2/users/${seg(id)}/groups`);
