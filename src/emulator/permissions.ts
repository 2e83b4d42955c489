import type { FakeReply, Router } from './router.js';
import type { FakeState, Rec } from './state.js';

const ROLE_TYPES = ['user_role', 'org_role', 'share_role', 'partner_role', 'portal_role'];
const roleNotFound = (id: string): FakeReply => ({ status: 404, body: { message: `Role ${id} not found` } });
const badRequest = (message: string): FakeReply => ({ status: 400, body: { message } });

/** Dependencies are exploded into plain grants when a role is stored, as the API does. */
function explode(grants: Rec[] = []): Rec[] {
  return grants.flatMap(({ dependencies = [], ...grant }) => [grant, ...dependencies]);
}

/** The checks the API makes on a role payload: the role to store, or the error reply. */
function storedRole(body: unknown, orgId: string, state: FakeState, id?: string): { role: Rec } | { error: FakeReply } {
  const role = (body ?? {}) as Rec;
  if (typeof role.name !== 'string' || !role.name) return { error: badRequest('name is required') };
  if (typeof role.slug !== 'string' || !/^[A-Za-z0-9_-]+$/.test(role.slug)) return { error: badRequest('slug is invalid') };
  if (!ROLE_TYPES.includes(role.type)) return { error: badRequest(`type must be one of ${ROLE_TYPES.join(', ')}`) };
  if (!Array.isArray(role.grants) || role.grants.some((g: Rec) => typeof g?.action !== 'string')) return { error: badRequest('grants must be a list of grants with an action') };
  if (role.parent_role !== undefined) {
    const parent = state.roles.find((r) => r.id === role.parent_role);
    if (!parent) return { error: badRequest(`Parent role ${role.parent_role} does not exist`) };
    if (parent.type !== 'org_role' && parent.type !== 'share_role') return { error: badRequest(`Parent role must be org_role or share_role, got ${parent.type}`) };
  }
  return { role: { ...role, id: id ?? `${orgId}:${role.slug}`, organization_id: orgId, grants: explode(role.grants) } };
}

export function registerPermissions(router: Router): void {
  /** The org's own roles, and the partner roles other orgs let it assign (they appear in its list, as in the API). */
  const orgRoles = (state: FakeState, orgId?: string) => state.roles.filter((r) => r.organization_id === orgId || (r.type === 'partner_role' && r.partner_org_id === orgId));

  router.on('GET', '/v1/permissions/me', (req, state) => {
    const ids = state.assignments.get(req.userId!) ?? [];
    return { body: { roles: state.roles.filter((r) => ids.includes(r.id)) } };
  });

  router.on('GET', '/v1/permissions/refresh', () => ({ status: 200 }));

  router.on('GET', '/v1/permissions/roles', (req, state) => ({ body: { roles: orgRoles(state, req.orgId) } }));

  router.on('POST', '/v1/permissions/roles', (req, state) => {
    const checked = storedRole(req.body, req.orgId!, state);
    if ('error' in checked) return checked.error;
    const { role } = checked;
    if (state.roles.some((r) => r.id === role.id)) return { status: 409, body: { message: `Role ${role.id} already exists` } };
    state.roles.push(role);
    return { body: role };
  });

  router.on('POST', '/v1/permissions/roles:search', (req, state) => {
    const input = (req.body ?? {}) as Rec;
    if (input.offset !== undefined && input.offset < 1) return badRequest('offset must be >= 1');
    if (input.limit !== undefined && input.limit < 1) return badRequest('limit must be >= 1');
    const q = typeof input.query === 'string' ? input.query.toLowerCase() : '';
    const hits = state.roles.filter(
      (r) =>
        (!input.role_ids || input.role_ids.includes(r.id)) &&
        (!input.org_ids || input.org_ids.includes(r.organization_id)) &&
        (!input.slugs || input.slugs.includes(r.slug)) &&
        (!q || r.name.toLowerCase().includes(q) || r.slug.toLowerCase().includes(q)),
    );
    const offset = input.offset ?? 0;
    return { body: { hits: hits.length, results: hits.slice(offset, offset + (input.limit ?? 50)) } };
  });

  router.on('GET', '/v1/permissions/roles/{roleId}', (req, state) => {
    const role = state.roles.find((r) => r.id === req.params.roleId);
    return role ? { body: role } : roleNotFound(req.params.roleId!);
  });

  router.on('PUT', '/v1/permissions/roles/{roleId}', (req, state) => {
    const id = req.params.roleId!;
    const checked = storedRole(req.body, id.split(':')[0]!, state, id);
    if ('error' in checked) return checked.error;
    const { role } = checked;
    const i = state.roles.findIndex((r) => r.id === id);
    if (i >= 0) state.roles[i] = role;
    else state.roles.push(role);
    return { body: role };
  });

  router.on('DELETE', '/v1/permissions/roles/{roleId}', (req, state) => {
    const id = req.params.roleId!;
    const i = state.roles.findIndex((r) => r.id === id);
    if (i < 0) return roleNotFound(id);
    const [role] = state.roles.splice(i, 1);
    for (const [user, roles] of state.assignments) state.assignments.set(user, roles.filter((r) => r !== id));
    return { body: role };
  });

  router.on('GET', '/v1/permissions/assignments', (req, state) => {
    const inOrg = new Set(state.users.filter((u) => u.organization_id === req.orgId).map((u) => u.id));
    const assignments = [...state.assignments]
      .filter(([user, roles]) => inOrg.has(user) || roles.some((r) => r.startsWith(`${req.orgId}:`)))
      .map(([user_id, roles]) => ({ user_id, roles }));
    return { body: { assignments } };
  });

  router.on('GET', '/v1/permissions/assignments/{userId}', (req, state) => ({ body: state.assignments.get(req.params.userId!) ?? [] }));

  router.on('PUT', '/v1/permissions/assignments/{userId}', (req, state) => {
    const roles = req.body;
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) return badRequest('body must be a list of role ids');
    const missing = roles.find((r) => !state.roles.some((role) => role.id === r));
    if (missing) return badRequest(`Role ${missing} does not exist`);
    state.assignments.set(req.params.userId!, [...new Set(roles as string[])]);
    return { body: state.assignments.get(req.params.userId!) };
  });

  router.on('POST', '/v1/permissions/assignments/{userId}/{roleId}', (req, state) => {
    const { userId, roleId } = req.params as { userId: string; roleId: string };
    if (!state.roles.some((r) => r.id === roleId)) return roleNotFound(roleId);
    const roles = state.assignments.get(userId) ?? [];
    if (!roles.includes(roleId)) state.assignments.set(userId, [...roles, roleId]);
    return { status: 201, body: { user_id: userId, roles: state.assignments.get(userId) } };
  });

  router.on('DELETE', '/v1/permissions/assignments/{userId}/{roleId}', (req, state) => {
    const { userId, roleId } = req.params as { userId: string; roleId: string };
    const roles = state.assignments.get(userId) ?? [];
    if (!roles.includes(roleId)) return { status: 404, body: { message: `User ${userId} does not have role ${roleId}` } };
    state.assignments.set(userId, roles.filter((r) => r !== roleId));
    return { body: { user_id: userId, roles: state.assignments.get(userId) } };
  });
}
