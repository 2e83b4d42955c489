import type { Components, Paths } from '@epilot/user-client';
import { seg, type Http } from './types.js';

/**
 * The API docs give groups an avatar (image_uri with gradient colours) and a two-letter
 * abbreviation; the published @epilot/user-client types do not have them yet, so they are added here.
 */
export interface GroupImage {
  original?: string;
  thumbnail_32?: string;
  thumbnail_64?: string;
  /** [base, accent], each #rrggbb. */
  gradient_colors?: string[];
  [key: string]: unknown;
}
interface GroupLook {
  image_uri?: GroupImage | null;
  abbreviation?: string | null;
}
export type Group = Components.Schemas.Group & GroupLook;
export type CreateGroupBody = Paths.CreateGroup.RequestBody & GroupLook;
export type UpdateGroupBody = Paths.UpdateGroup.RequestBody & GroupLook;
export type GroupsPage = Omit<Paths.GetGroups.Responses.$200, 'groups'> & { groups?: Group[] };

export interface GroupsQuery {
  query?: string;
  limit?: number;
  offset?: number;
  hydrate?: boolean;
}

export const getGroups = (http: Http, query: GroupsQuery) =>
  http.request<GroupsPage>('user', 'GET', '/v1/groups', { query: { ...query } });

export const getGroup = (http: Http, id: string, hydrate?: boolean) =>
  http.request<Group>('user', 'GET', `/v1/groups/${seg(id)}`, { query: { hydrate } });

export const createGroup = (http: Http, body: CreateGroupBody) => http.request<Group>('user', 'POST', '/v1/groups', { body });

export const updateGroup = (http: Http, id: string, body: UpdateGroupBody) =>
  http.request<Group>('user', 'PATCH', `/v1/groups/${seg(id)}`, { body });

export const deleteGroup = (http: Http, id: string) => http.request<unknown>('user', 'DELETE', `/v1/groups/${seg(id)}`);

export const advanceUserAssignment = (http: Http, id: string) => http.request<Group>('user', 'POST', `/v1/groups/${seg(id)}/user:next`);
