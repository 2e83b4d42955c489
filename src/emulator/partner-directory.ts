import { createHash } from 'node:crypto';
import type { FakeReply, FakeRequest, Router } from './router.js';
import type { FakeState, Rec } from './state.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PARTNER_SLUG = /^[a-z][a-z0-9_]*$/;
const badRequest = (message: string): FakeReply => ({ status: 400, body: { message } });

/**
 * The partner organization in the path, when the caller's organization has it as a partner
 * (state.partners links organization_id → partner_org_id); otherwise the API answers 404.
 */
function partnerOrg(req: FakeRequest, state: FakeState): string | undefined {
  const orgId = req.params.orgId!;
  return state.partners.some((p) => p.organization_id === req.orgId && p.partner_org_id === orgId && p.status !== 'Deleted') ? orgId : undefined;
}
const noPartner = (req: FakeRequest): FakeReply => ({ status: 404, body: { message: `Partner organization ${req.params.orgId} not found` } });

const rolesOf = (state: FakeState, orgId: string) => {
  if (!state.partnerRoles.has(orgId)) state.partnerRoles.set(orgId, []);
  return state.partnerRoles.get(orgId)!;
};
const usersOf = (state: FakeState, orgId: string) => {
  if (!state.partnerUsers.has(orgId)) state.partnerUsers.set(orgId, []);
  return state.partnerUsers.get(orgId)!;
};

/** Partner users are stored with role ids; the API answers with {id, slug, name} per role. */
function userOut(user: Rec, roles: Rec[]): Rec {
  return { ...user, roles: (user.roles as string[]).flatMap((id) => roles.filter((r) => r.id === id).map(({ id: rid, slug, name }) => ({ id: rid, slug, name }))) };
}

function checkRole(body: unknown): string | undefined {
  const role = (body ?? {}) as Rec;
  if (typeof role.name !== 'string' || !role.name) return 'name is required';
  if (typeof role.slug !== 'string' || !PARTNER_SLUG.test(role.slug)) return 'slug must match ^[a-z][a-z0-9_]*$';
  if (!Array.isArray(role.grants) || role.grants.some((g: Rec) => typeof g?.action !== 'string')) return 'grants must be a list of grants with an action';
  return undefined;
}

/** One result per role id, as assign/unassign answer. */
function perRole(roleIds: unknown, apply: (roleId: string) => string | undefined): FakeReply {
  if (!Array.isArray(roleIds) || roleIds.length === 0) return badRequest('roleIds must be a non-empty list');
  return {
    body: {
      results: roleIds.map((roleId: string) => {
        const error = apply(roleId);
        return error ? { roleId, success: false, error: { message: error } } : { roleId, success: true, data: {} };
      }),
    },
  };
}

/** Users of every org and the partners' users, as the assignables search and batch get answer. */
function assignables(state: FakeState): Rec[] {
  return [
    ...state.users.map((u) => ({ type: 'user', display_name: u.display_name ?? u.email, org_id: u.organization_id, user_id: u.id, email: u.email, status: u.status })),
    ...[...state.partnerUsers].flatMap(([orgId, users]) =>
      users.map((u) => ({ type: 'partner_user', display_name: u.name ?? u.email, org_id: orgId, user_id: u.id, email: u.email, status: u.status })),
    ),
  ];
}

export function registerPartnerDirectory(router: Router): void {
  router.on(
    'GET',
    '/v1/partner-directory/public/getPartnerByToken',
    (req, state) => {
      const partner = state.partners.find((p) => p.invitation_token && p.invitation_token === req.query.get('token'));
      return partner ? { body: partner } : { status: 404, body: { message: 'Token not found or expired' } };
    },
    { public: true },
  );

  const partnerOf = (req: FakeRequest, state: FakeState) => state.partners.find((p) => p.id === req.params.id && p.organization_id === req.orgId && p.status !== 'Deleted');
  const noSuchPartner = (req: FakeRequest): FakeReply => ({ status: 404, body: { message: `Partner ${req.params.id} not found` } });

  /** A partner that asked to work with the org (status Request) is approved or rejected. */
  const decide = (status: string) => (req: FakeRequest, state: FakeState): FakeReply => {
    const partner = partnerOf(req, state);
    if (!partner) return noSuchPartner(req);
    if (partner.status !== 'Request') return badRequest(`Partner ${partner.id} has not requested to connect (status ${partner.status})`);
    partner.status = status;
    return { body: partner };
  };
  router.on('POST', '/v1/partners/{id}/approve', decide('Pending'));
  router.on('POST', '/v1/partners/{id}/reject', decide('Rejected'));

  router.on('POST', '/v2/partners/{id}/invite', (req, state) => {
    const partner = partnerOf(req, state);
    if (!partner) return noSuchPartner(req);
    const body = (req.body ?? {}) as Rec;
    Object.assign(partner, { status: 'Invited', invitation_token: `inv-${state.nextId()}`, invitation_email: partner.email, language: body.language ?? partner.language ?? 'en' });
    return { body: partner };
  });

  router.on(
    'POST',
    '/v1/partner-directory/public/activate',
    (req, state) => {
      const partner = state.partners.find((p) => p.invitation_token && p.invitation_token === req.query.get('token'));
      if (!partner) return { status: 404, body: { message: 'Token not found or expired' } };
      const body = req.body as Rec;
      Object.assign(partner, { partner_org_id: body.organization_id, signed_up_email: body.signed_up_email, status: 'Pending', ...(body.company_name ? { company_name: body.company_name } : {}) });
      delete partner.invitation_token;
      return { body: partner };
    },
    { public: true },
  );

  router.on('POST', '/v1/partners/assignables:batchGet', (req, state) => {
    const wanted = req.body as Rec[];
    const all = assignables(state);
    return { body: { results: wanted.flatMap((w) => all.filter((a) => a.user_id === w.user_id && a.org_id === (w.org_id ?? req.orgId))) } };
  });

  router.on('POST', '/v1/geolocation/text:search', (req) => {
    // Invented but stable: the same address always lands on the same spot in Germany.
    const hash = createHash('sha256').update(String((req.body as Rec).address)).digest();
    return { body: { lat: 47.5 + (hash[0]! / 255) * 7.5, lng: 6 + (hash[1]! / 255) * 9 } };
  });

  router.on('POST', '/v1/partners/assignables:search', (req, state) => {
    const input = (req.body ?? {}) as Rec;
    if (typeof input.q !== 'string') return badRequest('q is required');
    if (input.size !== undefined && (input.size < 1 || input.size > 1000)) return badRequest('size must be between 1 and 1000');
    const q = input.q.toLowerCase();
    const all = assignables(state);
    const hits = all.filter(
      (a) =>
        (!input.types || input.types.includes(a.type)) &&
        (!input.org_ids || input.org_ids.includes(a.org_id)) &&
        (!q || a.display_name.toLowerCase().includes(q) || a.email?.toLowerCase().includes(q)),
    );
    const from = input.from ?? 0;
    return { body: { hits: hits.length, results: hits.slice(from, from + (input.size ?? 25)) } };
  });

  router.on('GET', '/v2/partners/{orgId}/users', (req, state) => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    return { body: { results: usersOf(state, orgId).map((u) => userOut(u, rolesOf(state, orgId))) } };
  });

  router.on('POST', '/v2/partners/{orgId}/users', (req, state) => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    const body = (req.body ?? {}) as Rec;
    if (typeof body.email !== 'string' || !EMAIL.test(body.email)) return badRequest('email is invalid');
    const users = usersOf(state, orgId);
    if (users.some((u) => u.email === body.email)) return { status: 409, body: { message: `User ${body.email} already exists` } };
    const unknown = (body.roles ?? []).find((id: string) => !rolesOf(state, orgId).some((r) => r.id === id));
    if (unknown) return badRequest(`Role ${unknown} does not exist`);
    const user = { id: state.nextId(), email: body.email, name: body.email.split('@')[0], status: 'Pending', roles: [...(body.roles ?? [])] };
    users.push(user);
    return { status: 201, body: { id: user.id, email: user.email, display_name: user.name, status: user.status } };
  });

  router.on('DELETE', '/v2/partners/{orgId}/users/{userId}', (req, state) => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    const users = usersOf(state, orgId);
    const i = users.findIndex((u) => u.id === req.params.userId);
    if (i < 0) return { status: 404, body: { message: `User ${req.params.userId} not found` } };
    users.splice(i, 1);
    return { body: {} };
  });

  const roleChange = (assign: boolean) => (req: FakeRequest, state: FakeState): FakeReply => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    const user = usersOf(state, orgId).find((u) => u.id === req.params.userId);
    if (!user) return { status: 404, body: { message: `User ${req.params.userId} not found` } };
    return perRole((req.body as Rec | undefined)?.roleIds, (roleId) => {
      if (!rolesOf(state, orgId).some((r) => r.id === roleId)) return `Role ${roleId} not found`;
      const has = user.roles.includes(roleId);
      if (assign) {
        if (!has) user.roles.push(roleId);
        return undefined;
      }
      if (!has) return `User does not have role ${roleId}`;
      user.roles = user.roles.filter((r: string) => r !== roleId);
      return undefined;
    });
  };
  router.on('POST', '/v2/partners/{orgId}/users/{userId}/roles', roleChange(true));
  router.on('DELETE', '/v2/partners/{orgId}/users/{userId}/roles', roleChange(false));

  router.on('GET', '/v2/partners/{orgId}/roles', (req, state) => {
    const orgId = partnerOrg(req, state);
    return orgId ? { body: { results: rolesOf(state, orgId) } } : noPartner(req);
  });

  router.on('POST', '/v2/partners/{orgId}/roles', (req, state) => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    const problem = checkRole(req.body);
    if (problem) return badRequest(problem);
    const body = req.body as Rec;
    const roles = rolesOf(state, orgId);
    const id = `${orgId}:${body.slug}`;
    if (roles.some((r) => r.id === id)) return { status: 409, body: { message: `Role ${id} already exists` } };
    const role = { id, slug: body.slug, name: body.name, type: 'user_role', grants: body.grants };
    roles.push(role);
    return { status: 201, body: role };
  });

  router.on('PUT', '/v2/partners/{orgId}/roles/{roleId}', (req, state) => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    const role = rolesOf(state, orgId).find((r) => r.id === req.params.roleId);
    if (!role) return { status: 404, body: { message: `Role ${req.params.roleId} not found` } };
    const problem = checkRole(req.body);
    if (problem) return badRequest(problem);
    const body = req.body as Rec;
    Object.assign(role, { name: body.name, slug: body.slug, grants: body.grants });
    return { body: role };
  });

  router.on('DELETE', '/v2/partners/{orgId}/roles/{roleId}', (req, state) => {
    const orgId = partnerOrg(req, state);
    if (!orgId) return noPartner(req);
    const roles = rolesOf(state, orgId);
    const i = roles.findIndex((r) => r.id === req.params.roleId);
    if (i < 0) return { status: 404, body: { message: `Role ${req.params.roleId} not found` } };
    if (usersOf(state, orgId).some((u) => u.roles.includes(req.params.roleId))) {
      return { status: 409, body: { message: 'Role is currently assigned to users and cannot be deleted' } };
    }
    return { body: roles.splice(i, 1)[0] };
  });
}
