import type { Components, Paths } from '@epilot/permissions-client';
import { envelope, id, list, optional, page, record, sameId, unused, withFields } from './shape.js';
import { seg, type Http } from './types.js';

export type Role = Components.Schemas.Role;
export type RoleType = Role['type'];
export type Grant = Components.Schemas.Grant;
export type GrantWithDependencies = Components.Schemas.GrantWithDependencies;
export type Assignment = Components.Schemas.Assignment;
export type CreateRolePayload = Paths.CreateRole.RequestBody;
export type RolePayload = Paths.PutRole.RequestBody;
export type RoleSearchInput = Paths.SearchRoles.RequestBody;

export const ROLE_TYPES: readonly RoleType[] = ['user_role', 'org_role', 'share_role', 'partner_role', 'portal_role'];

/** Views count grants and print their conditions, so both must be lists when present (partner roles too). */
export const ROLE_GRANTS = { grants: list('an array of grants', withFields(record('a grant', 'action'), { conditions: list('an array of conditions', record('a condition')) })) };
const role = withFields(record<Role>('a role', 'id'), ROLE_GRANTS);
const roles = envelope('roles', list('an array of roles', role));
const roleIds = list('an array of role ids', id);

export const listCurrentRoles = (http: Http) => http.read('permissions', 'GET', '/v1/permissions/me', roles);

export const listAllRoles = (http: Http) => http.read('permissions', 'GET', '/v1/permissions/roles', roles);

export const createRole = (http: Http, body: CreateRolePayload) => http.change('permissions', 'POST', '/v1/permissions/roles', role, { body });

/** A read, though a POST: pages with limit/offset in the body; the API rejects `offset: 0`, so the first page leaves it out. */
export const searchRoles = (http: Http, body: RoleSearchInput) =>
  http.read('permissions', 'POST', '/v1/permissions/roles:search', page('results', role, 'an array of roles', 'hits'), { body });

export const getRole = (http: Http, roleId: string) => http.read('permissions', 'GET', `/v1/permissions/roles/${seg(roleId)}`, sameId(role, roleId));

/** Replaces the whole role: the body is the complete role, not a patch. */
export const putRole = (http: Http, roleId: string, body: RolePayload) =>
  http.change('permissions', 'PUT', `/v1/permissions/roles/${seg(roleId)}`, optional(sameId(role, roleId)), { body });

/** Answers the deleted role, which --json prints. */
export const deleteRole = (http: Http, roleId: string) => http.change('permissions', 'DELETE', `/v1/permissions/roles/${seg(roleId)}`, optional(sameId(role, roleId)));

export const refreshPermissions = (http: Http) => http.read('permissions', 'GET', '/v1/permissions/refresh', unused);

export const listAllAssignments = (http: Http) =>
  http.read('permissions', 'GET', '/v1/permissions/assignments', envelope('assignments', list('an array of assignments', withFields(record<Assignment>('an assignment', 'user_id'), { roles: list('an array of role ids', id) }))));

export const getAssignedRolesForUser = (http: Http, userId: string) =>
  http.read('permissions', 'GET', `/v1/permissions/assignments/${seg(userId)}`, roleIds);

/** Replaces all of a user's roles with these; answers the role ids the user now has. */
export const assignRoles = (http: Http, userId: string, ids: Paths.AssignRoles.RequestBody) =>
  http.change('permissions', 'PUT', `/v1/permissions/assignments/${seg(userId)}`, optional(roleIds), { body: ids });

/** epi reports each user's outcome from the status; the answer is not used. */
export const addAssignment = (http: Http, userId: string, roleId: string) =>
  http.change('permissions', 'POST', `/v1/permissions/assignments/${seg(userId)}/${seg(roleId)}`, unused);

export const removeAssignment = (http: Http, userId: string, roleId: string) =>
  http.change('permissions', 'DELETE', `/v1/permissions/assignments/${seg(userId)}/${seg(roleId)}`, unused);
