import type { Components, Paths } from '@epilot/user-client';
import { envelope, list, optional, record, unused, withFields } from './shape.js';
import { seg, type Http, type RequestOptions } from './types.js';

/** These operations need no login: no token is required or sent. */
const PUBLIC: RequestOptions = { auth: false };

export type InviteInfo = Paths.CheckInviteToken.Responses.$200;
export type SignUpBody = Paths.SignUpUser.RequestBody;
export type SignUpResult = Paths.SignUpUser.Responses.$200;
export type LoginParameters = Components.Schemas.LoginParameters;

export const checkInviteToken = (http: Http, token: string) =>
  http.read('user', 'GET', '/v2/users/public/checkToken', record<InviteInfo>('an invitation', 'invitation_org_id'), { ...PUBLIC, query: { token } });

export const activateUser = (http: Http, token: string, body: Paths.ActivateUser.RequestBody) =>
  http.change('user', 'POST', '/v2/users/public/activate', unused, { ...PUBLIC, query: { token }, body });

export const rejectInvite = (http: Http, token: string) => http.change('user', 'DELETE', '/v2/users/public/reject', optional(record<Paths.RejectInvite.Responses.$200>('a result')), { ...PUBLIC, query: { token } });

export const signUpUser = (http: Http, body: SignUpBody, partnerInvitationToken?: string) =>
  http.change('user', 'POST', '/v2/users/public/signup', withFields(record<SignUpResult>('a sign-up result'), { user: record('a user', 'id'), organization: record('an organization', 'id') }), {
    ...PUBLIC,
    query: { token: partnerInvitationToken },
    body,
  });

export const getUserLoginParameters = (http: Http, username: string) =>
  http.read(
    'user',
    'GET',
    `/v2/users/public/username/${seg(username)}:getLoginParameters`,
    envelope('login_parameters', list('an array of login parameters', record<LoginParameters>('login parameters', 'organization_id'))),
    PUBLIC,
  );
