import type { Components, Paths } from '@epilot/user-client';
import { seg, type Http, type RequestOptions } from './types.js';

/** These operations need no login: no token is required or sent. */
const PUBLIC: RequestOptions = { auth: false };

export type InviteInfo = Paths.CheckInviteToken.Responses.$200;
export type SignUpBody = Paths.SignUpUser.RequestBody;
export type SignUpResult = Paths.SignUpUser.Responses.$200;
export type LoginParameters = Components.Schemas.LoginParameters;

export const checkInviteToken = (http: Http, token: string) =>
  http.request<InviteInfo>('user', 'GET', '/v2/users/public/checkToken', { ...PUBLIC, query: { token } });

export const activateUser = (http: Http, token: string, body: Paths.ActivateUser.RequestBody) =>
  http.request<unknown>('user', 'POST', '/v2/users/public/activate', { ...PUBLIC, query: { token }, body });

export const rejectInvite = (http: Http, token: string) =>
  http.request<Paths.RejectInvite.Responses.$200>('user', 'DELETE', '/v2/users/public/reject', { ...PUBLIC, query: { token } });

export const signUpUser = (http: Http, body: SignUpBody, partnerInvitationToken?: string) =>
  http.request<SignUpResult>('user', 'POST', '/v2/users/public/signup', { ...PUBLIC, query: { token: partnerInvitationToken }, body });

export const getUserLoginParameters = (http: Http, username: string) =>
  http.request<Paths.GetUserLoginParametersV2.Responses.$200>('user', 'GET', `/v2/users/public/username/${seg(username)}:getLoginParameters`, PUBLIC);
