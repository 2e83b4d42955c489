import type { Components, Paths } from '@epilot/user-client';
import { describe, list, page, record, sameId, ShapeError, unused, withFields } from './shape.js';
import { seg, type Http, type Shape } from './types.js';

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

export interface GroupsQuery {
  query?: string;
  limit?: number;
  offset?: number;
  hydrate?: boolean;
}

/** A member is a user record with --hydrate, otherwise `{id}` or, from older deployments, a bare id. */
const member: Shape<unknown> = (body) => {
  if (typeof body === 'string' || (typeof body === 'object' && body !== null && !Array.isArray(body))) return body;
  throw new ShapeError('a member', describe(body));
};
const group = withFields(record<Group>('a group', 'id'), { users: list('an array of members', member) });

export const getGroups = (http: Http, query: GroupsQuery) =>
  http.read('user', 'GET', '/v1/groups', page('groups', group, 'an array of groups', 'hits'), { query: { ...query } });

export const getGroup = (http: Http, id: string, hydrate?: boolean) =>
  http.read('user', 'GET', `/v1/groups/${seg(id)}`, sameId(group, id), { query: { hydrate } });

export const createGroup = (http: Http, body: CreateGroupBody) => http.change('user', 'POST', '/v1/groups', group, { body });

export const updateGroup = (http: Http, id: string, body: UpdateGroupBody) =>
  http.change('user', 'PATCH', `/v1/groups/${seg(id)}`, sameId(group, id), { body });

export const deleteGroup = (http: Http, id: string) => http.change('user', 'DELETE', `/v1/groups/${seg(id)}`, unused);

export const advanceUserAssignment = (http: Http, id: string) => http.change('user', 'POST', `/v1/groups/${seg(id)}/user:next`, sameId(group, id));

export const groupList = list('an array of groups', group);
