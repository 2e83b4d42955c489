import type { Components, Paths } from '@epilot/permissions-client';
import { seg, type Http } from './types.js';

export type Role = Components.Schemas.Role;
export type RoleType = Role['type'];
export type Grant = Components.Schemas.Grant;
export type GrantWithDependencies = Components.Schemas.GrantWithDependencies;
export type Assignment = Components.Schemas.Assignment;
export type CreateRolePayload = Paths.CreateRole.RequestBody;
export type RolePayload = Paths.PutRole.RequestBody;
export type RoleSearchInput = Paths.SearchRoles.RequestBody;
export type RoleSearchResult = Paths.SearchRoles.Responses.$200;

export const ROLE_TYPES: readonly RoleType[] = ['user_role', 'org_role', 'share_role', 'partner_role', 'portal_role'];

export const listCurrentRoles = (http: Http) => http.request<Paths.ListCurrentRoles.Responses.$200>('permissions', 'GET', '/v1/permissions/me');

export const listAllRoles = (http: Http) => http.request<Paths.ListAllRoles.Responses.$200>('permissions', 'GET', '/v1/permissions/roles');

export const createRole = (http: Http, body: CreateRolePayload) => http.request<Role>('permissions', 'POST', '/v1/permissions/roles', { body });

/** Pages with limit/offset in the body; the API rejects `offset: 0`, so the first page leaves it out. */
export const searchRoles = (http: Http, body: RoleSearchInput) =>
  http.request<RoleSearchResult>('permissions', 'POST', '/v1/permissions/roles:search', { body });

export const getRole = (http: Http, roleId: string) => http.request<Role>('permissions', 'GET', `/v1/permissions/roles/${seg(roleId)}`);

/** Replaces the whole role: the body is the complete role, not a patch. */
export const putRole = (http: Http, roleId: string, body: RolePayload) =>
  http.request<Role>('permissions', 'PUT', `/v1/permissions/roles/${seg(roleId)}`, { body });

export const deleteRole = (http: Http, roleId: string) => http.request<Role>('permissions', 'DELETE', `/v1/permissions/roles/${seg(roleId)}`);

export const refreshPermissions = (http: Http) => http.request<unknown>('permissions', 'GET', '/v1/permissions/refresh');

export const listAllAssignments = (http: Http) =>
  http.request<Paths.ListAllAssignments.Responses.$200>('permissions', 'GET', '/v1/permissions/assignments');

export const getAssignedRolesForUser = (http: Http, userId: string) =>
  http.request<Paths.GetAssignedRolesForUser.Responses.$200>('permissions', 'GET', `/v1/permissions/assignments/${seg(userId)}`);

/** Replaces all of a user's roles with these. */
export const assignRoles = (http: Http, userId: string, roleIds: Paths.AssignRoles.RequestBody) =>
  http.request<Paths.AssignRoles.Responses.$200>('permissions', 'PUT', `/v1/permissions/assignments/${seg(userId)}`, { body: roleIds });

export const addAssignment = (http: Http, userId: string, roleId: string) =>
  http.request<Paths.AddAssignment.Responses.$201>('permissions', 'POST', `/v1/permissions/assignments/${seg(userId)}/${seg(roleId)}`);

export const removeAssignment = (http: Http, userId: string, roleId: string) =>
  http.request<Paths.RemoveAssignment.Responses.$200>('permissions', 'DELETE', `/v1/permissions/assignments/${seg(userId)}/${seg(roleId)}`);
