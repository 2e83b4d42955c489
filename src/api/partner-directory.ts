import type { Components, Paths } from '@epilot/partner-directory-client';
import { seg, type Http } from './types.js';

export type Assignable = Components.Schemas.Assignable;
export type AssignableType = NonNullable<Paths.SearchAssignable.RequestBody['types']>[number];
export type Partner = Components.Schemas.Partner;
export type PartnerUser = Components.Schemas.PartnerUser;
export type PartnerRole = Components.Schemas.PartnerRole;
export type CreatedUser = Components.Schemas.User;
export type Geolocation = Components.Schemas.Geolocation;
export type SearchAssignablesBody = Paths.SearchAssignable.RequestBody;
export type AssignableSearchResult = Paths.SearchAssignable.Responses.$200;
export type BatchGetItem = Paths.BatchGetAssignable.RequestBody[number];
export type CreatePartnerUserBody = Paths.CreatePartnerUser.RequestBody;
export type CreatePartnerRoleBody = Paths.CreatePartnerRole.RequestBody;
export type UpdatePartnerRoleBody = Paths.UpdatePartnerRole.RequestBody;
export type ActivatePartnerBody = Paths.ActivatePartner.RequestBody;
export type InvitationLanguage = NonNullable<Paths.InvitePartnerV2.RequestBody['language']>;
/** Per-role outcome of assigning or unassigning roles of a partner user. */
export type RoleChangeResult = NonNullable<Paths.AssignPartnerUserRoles.Responses.$200['results']>[number];
export type RoleChangeResponse = Paths.AssignPartnerUserRoles.Responses.$200;

export const approvePartner = (http: Http, id: string) =>
  http.request<Partner>('partner-directory', 'POST', `/v1/partners/${seg(id)}/approve`);

export const rejectPartner = (http: Http, id: string) => http.request<Partner>('partner-directory', 'POST', `/v1/partners/${seg(id)}/reject`);

export const invitePartner = (http: Http, id: string, body: Paths.InvitePartnerV2.RequestBody) =>
  http.request<Partner>('partner-directory', 'POST', `/v2/partners/${seg(id)}/invite`, { body });

/** Public: the invited partner reads the invitation before signing in. */
export const getPartnerByToken = (http: Http, token: string) =>
  http.request<Partner>('partner-directory', 'GET', '/v1/partner-directory/public/getPartnerByToken', { query: { token }, auth: false });

/** Public: completes the invitation. */
export const activatePartner = (http: Http, token: string, body: ActivatePartnerBody) =>
  http.request<unknown>('partner-directory', 'POST', '/v1/partner-directory/public/activate', { query: { token }, body, auth: false });

/** Pages with from/size in the body (size at most 1000). */
export const searchAssignables = (http: Http, body: SearchAssignablesBody) =>
  http.request<AssignableSearchResult>('partner-directory', 'POST', '/v1/partners/assignables:search', { body });

export const batchGetAssignables = (http: Http, items: Paths.BatchGetAssignable.RequestBody) =>
  http.request<Paths.BatchGetAssignable.Responses.$200>('partner-directory', 'POST', '/v1/partners/assignables:batchGet', { body: items });

export const geocodeAddress = (http: Http, body: Paths.SearchGeolocationForText.RequestBody) =>
  http.request<Geolocation>('partner-directory', 'POST', '/v1/geolocation/text:search', { body });

export const getPartnerUsers = (http: Http, orgId: string) =>
  http.request<Paths.GetPartnerUsers.Responses.$200>('partner-directory', 'GET', `/v2/partners/${seg(orgId)}/users`);

export const createPartnerUser = (http: Http, orgId: string, body: CreatePartnerUserBody) =>
  http.request<CreatedUser>('partner-directory', 'POST', `/v2/partners/${seg(orgId)}/users`, { body });

export const deletePartnerUser = (http: Http, orgId: string, userId: string) =>
  http.request<unknown>('partner-directory', 'DELETE', `/v2/partners/${seg(orgId)}/users/${seg(userId)}`);

export const assignPartnerUserRoles = (http: Http, orgId: string, userId: string, body: Paths.AssignPartnerUserRoles.RequestBody) =>
  http.request<RoleChangeResponse>('partner-directory', 'POST', `/v2/partners/${seg(orgId)}/users/${seg(userId)}/roles`, { body });

export const unassignPartnerUserRoles = (http: Http, orgId: string, userId: string, body: Paths.UnassignPartnerUserRoles.RequestBody) =>
  http.request<RoleChangeResponse>('partner-directory', 'DELETE', `/v2/partners/${seg(orgId)}/users/${seg(userId)}/roles`, { body });

export const getPartnerRoles = (http: Http, orgId: string) =>
  http.request<Paths.GetPartnerRoles.Responses.$200>('partner-directory', 'GET', `/v2/partners/${seg(orgId)}/roles`);

export const createPartnerRole = (http: Http, orgId: string, body: CreatePartnerRoleBody) =>
  http.request<PartnerRole>('partner-directory', 'POST', `/v2/partners/${seg(orgId)}/roles`, { body });

export const updatePartnerRole = (http: Http, orgId: string, roleId: string, body: UpdatePartnerRoleBody) =>
  http.request<PartnerRole>('partner-directory', 'PUT', `/v2/partners/${seg(orgId)}/roles/${seg(roleId)}`, { body });

export const deletePartnerRole = (http: Http, orgId: string, roleId: string) =>
  http.request<PartnerRole>('partner-directory', 'DELETE', `/v2/partners/${seg(orgId)}/roles/${seg(roleId)}`);
