import type { Components, Paths } from '@epilot/user-client';
import { optional, page, record, sameId, unused } from './shape.js';
import { seg, type Http } from './types.js';
import { groupList } from './user-groups.js';

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

const user = record<User>('a user', 'id');
const userV1 = record<UserV1>('a user', 'id');

export const getMeV2 = (http: Http) => http.read('user', 'GET', '/v2/users/me', user);

export const listUsers = (http: Http, q: UserListQuery) =>
  http.read('user', 'GET', '/v2/users', page('results', user, 'an array of users'), { query: { ...q } });

/** org_ids is `style: form, explode: false`: one comma-separated value, not a repeated parameter. */
export const listUsersInOrgs = (http: Http, orgIds: readonly string[], q: UserListQuery) =>
  http.read('user', 'GET', '/v1/users', page('users', userV1, 'an array of users'), { query: { org_ids: orgIds.join(','), ...q } });

export const getUser = (http: Http, id: string) => http.read('user', 'GET', `/v2/users/${seg(id)}`, sameId(user, id));

export const updateUser = (http: Http, id: string, patch: UserPatch) => http.change('user', 'PATCH', `/v2/users/${seg(id)}`, sameId(user, id), { body: patch });

export const deleteUser = (http: Http, id: string) => http.change('user', 'DELETE', `/v2/users/${seg(id)}`, unused);

export const inviteUser = (http: Http, invitation: UserInvitation) => http.change('user', 'POST', '/v2/users/invite', user, { body: invitation });

/** --json prints the answer when there is one. */
export const resendInvitation = (http: Http, body: ResendInvitation) =>
  http.change('user', 'POST', '/v2/users/invite:resendEmail', optional(user), { body });

export const sendPasswordReset = (http: Http, body: PasswordResetRequest) =>
  http.change('user', 'POST', '/v2/users:sendPasswordReset', optional(record<PasswordResetResult>('a result')), { body });

export const getUserGroups = (http: Http, id: string) => http.read('user', 'GET', `/v2/users/${seg(id)}/groups`, groupList);

export type UserStatus = NonNullable<User['status']>;
/** The statuses the User API's spec lists for a user; the object makes the compiler keep the list complete. */
export const USER_STATUSES = Object.keys({ Active: true, Pending: true, Deactivated: true, Deleted: true } satisfies Record<UserStatus, true>) as UserStatus[];
