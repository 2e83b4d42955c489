import { listAllAssignments } from '../api/permissions.js';
import type { Http } from '../api/types.js';
import { getGroups, type Group } from '../api/user-groups.js';
import { memberIds } from '../commands/groups/view.js';
import { UsageError } from '../errors.js';
import { eachRecord } from '../paging.js';
import { loadRoleIndex, type RoleIndex } from './roles.js';

/**
 * Who has which role and which group in the organization, read in a fixed handful of calls: one
 * GET /v1/permissions/assignments (the API answers it whole; its spec has no paging), one roles
 * list and the pages of the group listing. Never one call per user: an access review of thousands
 * of users costs the same few calls as one of ten, beside the user pages themselves.
 */
export interface Access {
  roles: RoleIndex;
  /** role id → what people call it: its name, else its slug. */
  roleNames: Map<string, string>;
  /** user id → role ids, as the assignments have them. */
  rolesOf: Map<string, string[]>;
  groups: Group[];
  /** user id → the groups the user is a member of. */
  groupsOf: Map<string, Group[]>;
}

/**
 * The group listing's own page size (`groups list` pages at 100 too). Without `hydrate` each group
 * already carries its members' ids, which is all the review needs: hydrating would repeat every
 * member's whole user record once per group.
 */
const GROUP_PAGE_SIZE = 100;

export async function loadAccess(http: Http): Promise<Access> {
  const [roles, assignments, groups] = await Promise.all([loadRoleIndex(http), listAllAssignments(http), allGroups(http)]);
  const rolesOf = new Map<string, string[]>();
  for (const a of assignments) if (a.user_id) rolesOf.set(a.user_id, [...new Set([...(rolesOf.get(a.user_id) ?? []), ...(a.roles ?? [])])]);
  const groupsOf = new Map<string, Group[]>();
  for (const group of groups) {
    for (const userId of new Set(memberIds(group))) groupsOf.set(userId, [...(groupsOf.get(userId) ?? []), group]);
  }
  const roleNames = new Map(roles.roles.map((r) => [r.id, r.name || r.slug || r.id]));
  return { roles, roleNames, rolesOf, groups, groupsOf };
}

async function allGroups(http: Http): Promise<Group[]> {
  const groups: Group[] = [];
  for await (const group of eachRecord<Group>((offset, limit) => getGroups(http, { limit, offset }), { pageSize: GROUP_PAGE_SIZE, maxRecords: http.limits.maxRecords })) groups.push(group);
  return groups;
}

/** A role as people know it: its name, else its slug; a role the listing lacks (deleted, another org's) shows its id. */
export const roleName = (access: Access, roleId: string): string => access.roleNames.get(roleId) ?? roleId;

export const groupName = (group: Group): string => group.name || group.id;

/**
 * Group references (an id, or a name in any case) as group ids, against the listing already read.
 * An unknown name, or one several groups share, is a usage error naming each, before anything else
 * happens.
 */
export function resolveGroupIds(groups: readonly Group[], refs: readonly string[], flag: string): string[] {
  const problems: string[] = [];
  const ids = refs.map((ref) => {
    const value = ref.trim();
    const byId = groups.find((g) => g.id === value);
    if (byId) return byId.id;
    const named = groups.filter((g) => g.name?.trim().toLowerCase() === value.toLowerCase());
    if (named.length === 1) return named[0]!.id;
    problems.push(named.length ? `"${value}" names ${named.length} groups (${named.map((g) => g.id).join(', ')}); use the id` : `no group "${value}"`);
    return '';
  });
  if (problems.length) throw new UsageError(`${flag}: ${problems.join('; ')}.`, { hint: 'A group is named by its id or its name (any case); see them with `epi groups list --all`.' });
  return [...new Set(ids)];
}
