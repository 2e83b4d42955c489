import type { Components, Paths } from '@epilot/partner-directory-client';
import { ROLE_GRANTS } from './permissions.js';
import { envelope, list, optional, page, record, sameId, unused, withFields } from './shape.js';
import { seg, type Http } from './types.js';

export type Assignable = Components.Schemas.Assignable;
export type AssignableType = NonNullable<Paths.SearchAssignable.RequestBody['types']>[number];
export type Partner = Components.Schemas.Partner;
export type PartnerUser = Components.Schemas.PartnerUser;
export type PartnerRole = Components.Schemas.PartnerRole;
export type CreatedUser = Components.Schemas.User;
export type Geolocation = Components.Schemas.Geolocation;
export type SearchAssignablesBody = Paths.SearchAssignable.RequestBody;
export type BatchGetItem = Paths.BatchGetAssignable.RequestBody[number];
export type CreatePartnerUserBody = Paths.CreatePartnerUser.RequestBody;
export type CreatePartnerRoleBody = Paths.CreatePartnerRole.RequestBody;
export type UpdatePartnerRoleBody = Paths.UpdatePartnerRole.RequestBody;
export type ActivatePartnerBody = Paths.ActivatePartner.RequestBody;
export type InvitationLanguage = NonNullable<Paths.InvitePartnerV2.RequestBody['language']>;
/** Per-role outcome of assigning or unassigning roles of a partner user. */
export type RoleChangeResult = NonNullable<Paths.AssignPartnerUserRoles.Responses.$200['results']>[number];

const partner = record<Partner>('a partner', 'id');
const assignable = record<Assignable>('an assignable', 'type');
const partnerRole = withFields(record<PartnerRole>('a role', 'id'), ROLE_GRANTS);
const partnerRoles = envelope('results', list('an array of roles', partnerRole));
const roleChanges = envelope('results', list('an array of role outcomes', record<RoleChangeResult>('a role outcome')));

export const approvePartner = (http: Http, id: string) => http.change('partner-directory', 'POST', `/v1/partners/${seg(id)}/approve`, sameId(partner, id));

export const rejectPartner = (http: Http, id: string) => http.change('partner-directory', 'POST', `/v1/partners/${seg(id)}/reject`, sameId(partner, id));

export const invitePartner = (http: Http, id: string, body: Paths.InvitePartnerV2.RequestBody) =>
  http.change('partner-directory', 'POST', `/v2/partners/${seg(id)}/invite`, sameId(partner, id), { body });

/** Public: the invited partner reads the invitation before signing in. */
export const getPartnerByToken = (http: Http, token: string) =>
  http.read('partner-directory', 'GET', '/v1/partner-directory/public/getPartnerByToken', partner, { query: { token }, auth: false });

/** Public: completes the invitation. */
export const activatePartner = (http: Http, token: string, body: ActivatePartnerBody) =>
  http.change('partner-directory', 'POST', '/v1/partner-directory/public/activate', unused, { query: { token }, body, auth: false });

/** A read, though a POST: pages with from/size in the body (size at most 1000). */
export const searchAssignables = (http: Http, body: SearchAssignablesBody) =>
  http.read('partner-directory', 'POST', '/v1/partners/assignables:search', page('results', assignable, 'an array of assignables', 'hits'), { body });

export const batchGetAssignables = (http: Http, items: Paths.BatchGetAssignable.RequestBody) =>
  http.read('partner-directory', 'POST', '/v1/partners/assignables:batchGet', envelope('results', list('an array of assignables', assignable)), { body: items });

export const geocodeAddress = (http: Http, body: Paths.SearchGeolocationForText.RequestBody) =>
  http.read('partner-directory', 'POST', '/v1/geolocation/text:search', record<Geolocation>('a location', 'lat', 'lng'), { body });

export const getPartnerUsers = (http: Http, orgId: string) =>
  http.read('partner-directory', 'GET', `/v2/partners/${seg(orgId)}/users`, envelope('results', list('an array of users', withFields(record<PartnerUser>('a user', 'id'), { roles: list('an array of roles', record('a role', 'id')) }))));

export const createPartnerUser = (http: Http, orgId: string, body: CreatePartnerUserBody) =>
  http.change('partner-directory', 'POST', `/v2/partners/${seg(orgId)}/users`, record<CreatedUser>('a user', 'id'), { body });

export const deletePartnerUser = (http: Http, orgId: string, userId: string) =>
  http.change('partner-directory', 'DELETE', `/v2/partners/${seg(orgId)}/users/${seg(userId)}`, unused);

export const assignPartnerUserRoles = (http: Http, orgId: string, userId: string, body: Paths.AssignPartnerUserRoles.RequestBody) =>
  http.change('partner-directory', 'POST', `/v2/partners/${seg(orgId)}/users/${seg(userId)}/roles`, roleChanges, { body });

export const unassignPartnerUserRoles = (http: Http, orgId: string, userId: string, body: Paths.UnassignPartnerUserRoles.RequestBody) =>
  http.change('partner-directory', 'DELETE', `/v2/partners/${seg(orgId)}/users/${seg(userId)}/roles`, roleChanges, { body });

export const getPartnerRoles = (http: Http, orgId: string) => http.read('partner-directory', 'GET', `/v2/partners/${seg(orgId)}/roles`, partnerRoles);

export const createPartnerRole = (http: Http, orgId: string, body: CreatePartnerRoleBody) =>
  http.change('partner-directory', 'POST', `/v2/partners/${seg(orgId)}/roles`, partnerRole, { body });

export const updatePartnerRole = (http: Http, orgId: string, roleId: string, body: UpdatePartnerRoleBody) =>
  http.change('partner-directory', 'PUT', `/v2/partners/${seg(orgId)}/roles/${seg(roleId)}`, optional(sameId(partnerRole, roleId)), { body });

/** Answers the deleted role, which --json prints. */
export const deletePartnerRole = (http: Http, orgId: string, roleId: string) =>
  http.change('partner-directory', 'DELETE', `/v2/partners/${seg(orgId)}/roles/${seg(roleId)}`, optional(sameId(partnerRole, roleId)));
