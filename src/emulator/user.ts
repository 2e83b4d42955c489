import { pageOf, type FakeRequest, type Router } from './router.js';
import type { FakeState, Rec } from './state.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const notFound = { status: 404, body: { message: 'User not found' } };

/** Users of the caller's organization that still exist. */
const orgUsers = (state: FakeState, orgId: string | undefined) => state.users.filter((u) => u.organization_id === orgId && u.status !== 'Deleted');

const byEmail = (state: FakeState, orgId: string | undefined, email: unknown) =>
  typeof email === 'string' ? orgUsers(state, orgId).find((u) => u.email.toLowerCase() === email.toLowerCase()) : undefined;

/** The API's free-text query: matches parts of the email or the display name. */
function matching(users: Rec[], query: string | null): Rec[] {
  const q = query?.toLowerCase();
  return q ? users.filter((u) => u.email?.toLowerCase().includes(q) || u.display_name?.toLowerCase().includes(q)) : users;
}

/** The v1 record: roles instead of a status. */
function v1(user: Rec, state: FakeState): Rec {
  return {
    id: user.id,
    organization_id: user.organization_id,
    email: user.email,
    display_name: user.display_name,
    name: user.display_name ?? user.email,
    preferred_language: user.preferred_language ?? 'en',
    roles: state.assignments.get(user.id) ?? [],
    properties: [],
  };
}

/** state.groups is kept by the group routes (user-extra.ts) with `user_ids`; the API answers with `users: [{id}]`. */
function groupOut({ user_ids: ids = [], crt_index: _index, ...group }: Rec): Rec {
  return { ...group, users: (ids as string[]).map((id) => ({ id })) };
}

const PATCHABLE = ['display_name', 'department', 'phone', 'secondary_phone', 'preferred_language', 'signature', 'custom_start_page', 'is_signature_enabled', 'email_notification_setting', 'feature_preferences', 'properties'];

export function registerUser(router: Router): void {
  router.on('GET', '/v2/users/me', (req, state) => {
    const me = state.users.find((u) => u.id === req.userId);
    return me ? { body: me } : { status: 404, body: { message: 'User not found' } };
  });

  router.on('GET', '/v2/users', (req, state) => ({ body: { results: pageOf(matching(orgUsers(state, req.orgId), req.query.get('query')), req.query) } }));

  router.on('GET', '/v1/users', (req, state) => {
    const orgIds = (req.query.get('org_ids') ?? req.orgId ?? '').split(',').filter(Boolean);
    const users = state.users.filter((u) => orgIds.includes(u.organization_id) && u.status !== 'Deleted');
    return { body: { users: pageOf(matching(users, req.query.get('query')), req.query).map((u) => v1(u, state)) } };
  });

  const find = (req: FakeRequest, state: FakeState) => orgUsers(state, req.orgId).find((u) => u.id === req.params.id);

  router.on('GET', '/v2/users/{id}', (req, state) => {
    const user = find(req, state);
    return user ? { body: user } : notFound;
  });

  router.on('PATCH', '/v2/users/{id}', (req, state) => {
    const user = find(req, state);
    if (!user) return notFound;
    for (const [k, v] of Object.entries((req.body ?? {}) as Rec)) if (PATCHABLE.includes(k)) user[k] = v;
    return { body: user };
  });

  router.on('DELETE', '/v2/users/{id}', (req, state) => {
    const user = find(req, state);
    if (!user) return notFound;
    state.users.splice(state.users.indexOf(user), 1);
    state.assignments.delete(user.id);
    return { body: v1(user, state) };
  });

  router.on('POST', '/v2/users/invite', (req, state) => {
    const body = (req.body ?? {}) as Rec;
    if (typeof body.email !== 'string' || !EMAIL.test(body.email)) return { status: 400, body: { message: 'Unable to invite the above email address.' } };
    if (byEmail(state, req.orgId, body.email)) return { status: 400, body: { message: `User ${body.email} already exists` } };
    const user = {
      id: state.nextId(),
      organization_id: req.orgId,
      email: body.email,
      display_name: body.email,
      status: 'Pending',
      preferred_language: body.language ?? 'en',
      created_at: new Date().toISOString(),
    };
    state.users.push(user);
    if (Array.isArray(body.roles) && body.roles.length) state.assignments.set(user.id, [...body.roles]);
    return { status: 201, body: user };
  });

  router.on('POST', '/v2/users/invite:resendEmail', (req, state) => {
    const user = byEmail(state, req.orgId, (req.body as Rec | undefined)?.email);
    return user ? { body: user } : { status: 400, body: { message: 'User not found.' } };
  });

  router.on('POST', '/v2/users:sendPasswordReset', (req, state) => {
    const user = byEmail(state, req.orgId, (req.body as Rec | undefined)?.email);
    return user ? { body: { success: true } } : { status: 400, body: { message: 'Invalid email or user not found' } };
  });

  router.on('GET', '/v2/users/{id}/groups', (req, state) => {
    const user = find(req, state);
    return user ? { body: state.groups.filter((g) => g.org_id === req.orgId && g.user_ids?.includes(user.id)).map(groupOut) } : notFound;
  });
}
