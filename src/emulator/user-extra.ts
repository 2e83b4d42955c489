import { createHash, randomBytes } from 'node:crypto';
import { pageOf, type FakeReply, type FakeRequest, type Router } from './router.js';
import type { FakeState, Rec } from './state.js';

/**
 * Me (settings, passkeys), groups, navigations, invite tokens, public sign-up, login parameters
 * and the organization switch.
 *
 * Shapes kept in the shared state:
 * - state.groups: `{ id, org_id, name, user_ids: string[], crt_index?, image_uri?, abbreviation?, created_at, updated_at, created_by }`;
 *   responses carry `users` (`{id}` objects, or full users with hydrate=true) instead of user_ids.
 * - state.userSettings: user id → scope → key → the UserSetting record `{ scope, key, value, created_at, updated_at }`.
 * - state.passkeys: `{ user_id, credential_id, friendly_name, created_at, transports, aaguid }`.
 * - state.inviteTokens: token → `{ user_id, org_id }`.
 */
const HEX = /^#[0-9a-fA-F]{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const now = () => new Date().toISOString();
const bad = (message: string): FakeReply => ({ status: 400, body: { message } });
const notFound = (what: string): FakeReply => ({ status: 404, body: { message: `${what} not found` } });

function groupOut(group: Rec, state: FakeState, hydrate: boolean): Rec {
  const { user_ids: ids, crt_index: index, ...rest } = group;
  const user = (id: string) => (hydrate ? (state.users.find((u) => u.id === id) ?? { id }) : { id });
  const out: Rec = { ...rest, users: (ids as string[]).map(user) };
  if (index !== undefined && ids[index] !== undefined) out.crt_assignee = { ...(state.users.find((u) => u.id === ids[index]) ?? { id: ids[index] }), crt_index: index };
  return out;
}

/** What the real API refuses in a create or update body. */
function invalidGroupBody(body: Rec): string | undefined {
  if (body.name !== undefined && typeof body.name !== 'string') return 'name must be a string';
  if (body.user_ids !== undefined && (!Array.isArray(body.user_ids) || body.user_ids.some((id: unknown) => typeof id !== 'string'))) return 'user_ids must be strings';
  if (typeof body.abbreviation === 'string' && body.abbreviation.length > 2) return 'abbreviation must be at most 2 characters';
  const colors = body.image_uri?.gradient_colors;
  if (colors !== undefined && (!Array.isArray(colors) || colors.length !== 2 || !colors.every((c: unknown) => typeof c === 'string' && HEX.test(c)))) {
    return 'image_uri.gradient_colors must be two #rrggbb colours';
  }
  return undefined;
}

function registerGroups(router: Router): void {
  const find = (req: FakeRequest, state: FakeState) => state.groups.find((g) => g.id === req.params.id && g.org_id === req.orgId);
  const hydrate = (req: FakeRequest) => req.query.get('hydrate') === 'true';

  router.on('GET', '/v1/groups', (req, state) => {
    const q = req.query.get('query')?.toLowerCase();
    const groups = state.groups.filter((g) => g.org_id === req.orgId && (!q || g.name.toLowerCase().includes(q)));
    // Some epilot APIs refuse offset=0; epi never sends it, and this keeps it that way.
    if (req.query.get('offset') === '0') return bad('offset=0 is not accepted');
    return { body: { hits: groups.length, groups: pageOf(groups, req.query).map((g) => groupOut(g, state, hydrate(req))) } };
  });

  router.on('POST', '/v1/groups', (req, state) => {
    const body = (req.body ?? {}) as Rec;
    if (typeof body.name !== 'string' || !body.name) return bad('name is required');
    const invalid = invalidGroupBody(body);
    if (invalid) return bad(invalid);
    const group: Rec = {
      id: state.nextId(),
      org_id: req.orgId,
      name: body.name,
      user_ids: [...(body.user_ids ?? [])],
      created_at: now(),
      updated_at: now(),
      created_by: req.userId,
      ...(body.image_uri ? { image_uri: body.image_uri } : {}),
      ...(body.abbreviation ? { abbreviation: body.abbreviation } : {}),
    };
    state.groups.push(group);
    return { status: 201, body: groupOut(group, state, false) };
  });

  router.on('GET', '/v1/groups/{id}', (req, state) => {
    const group = find(req, state);
    return group ? { body: groupOut(group, state, hydrate(req)) } : notFound('Group');
  });

  router.on('PATCH', '/v1/groups/{id}', (req, state) => {
    const group = find(req, state);
    if (!group) return notFound('Group');
    const body = (req.body ?? {}) as Rec;
    const invalid = invalidGroupBody(body);
    if (invalid) return bad(invalid);
    for (const key of ['name', 'image_uri', 'abbreviation']) if (key in body) group[key] = body[key];
    if (body.user_ids) {
      group.user_ids = [...body.user_ids];
      if (group.crt_index !== undefined && group.crt_index >= group.user_ids.length) delete group.crt_index;
    }
    group.updated_at = now();
    return { status: 201, body: groupOut(group, state, false) };
  });

  router.on('DELETE', '/v1/groups/{id}', (req, state) => {
    const group = find(req, state);
    if (!group) return notFound('Group');
    state.groups.splice(state.groups.indexOf(group), 1);
    return { status: 204 };
  });

  router.on('POST', '/v1/groups/{id}/user:next', (req, state) => {
    const group = find(req, state);
    if (!group) return notFound('Group');
    if (!group.user_ids.length) return { status: 422, body: { message: 'User Group has no users assigned' } };
    group.crt_index = group.crt_index === undefined ? 0 : (group.crt_index + 1) % group.user_ids.length;
    return { body: groupOut(group, state, false) };
  });
}

function registerMe(router: Router): void {
  const scopesOf = (state: FakeState, userId: string | undefined) => {
    let scopes = state.userSettings.get(userId!);
    if (!scopes) state.userSettings.set(userId!, (scopes = new Map()));
    return scopes;
  };

  router.on('GET', '/v2/users/me/settings', (req, state) => ({
    body: { results: [...scopesOf(state, req.userId)].filter(([, keys]) => Object.keys(keys).length).map(([scope, keys]) => ({ scope, keys: Object.keys(keys) })) },
  }));

  router.on('GET', '/v2/users/me/settings/{scope}', (req, state) => {
    const keys = scopesOf(state, req.userId).get(req.params.scope!) ?? {};
    return { body: { scope: req.params.scope, settings: Object.fromEntries(Object.entries(keys).map(([k, s]) => [k, (s as Rec).value])) } };
  });

  router.on('GET', '/v2/users/me/settings/{scope}/{key}', (req, state) => {
    const setting = scopesOf(state, req.userId).get(req.params.scope!)?.[req.params.key!];
    return setting ? { body: setting } : notFound('Setting');
  });

  router.on('PUT', '/v2/users/me/settings/{scope}/{key}', (req, state) => {
    if (req.rawBody === '') return bad('A JSON value is required');
    const { scope, key } = req.params as { scope: string; key: string };
    const scopes = scopesOf(state, req.userId);
    const keys = scopes.get(scope) ?? {};
    keys[key] = { scope, key, value: req.body, created_at: keys[key]?.created_at ?? now(), updated_at: now() };
    scopes.set(scope, keys);
    return { body: keys[key] };
  });

  router.on('DELETE', '/v2/users/me/settings/{scope}/{key}', (req, state) => {
    const keys = scopesOf(state, req.userId).get(req.params.scope!);
    if (keys) delete keys[req.params.key!];
    return { status: 204 };
  });

  router.on('GET', '/v2/users/me/passkeys', (req, state) => ({
    body: { passkeys: state.passkeys.filter((p) => p.user_id === req.userId).map(({ user_id: _owner, ...p }) => p) },
  }));

  router.on('DELETE', '/v2/users/me/passkeys/{credentialId}', (req, state) => {
    const i = state.passkeys.findIndex((p) => p.user_id === req.userId && p.credential_id === req.params.credentialId);
    if (i < 0) return notFound('Passkey');
    state.passkeys.splice(i, 1);
    return { status: 204 };
  });

  router.on('POST', '/v2/users/switchOrganization', (req, state) => {
    const orgId = (req.body as Rec | undefined)?.org_id;
    if (typeof orgId !== 'string' || !orgId) return bad('org_id is required');
    const me = state.users.find((u) => u.id === req.userId);
    const member = state.users.some((u) => u.email === me?.email && u.organization_id === orgId && u.status !== 'Deleted');
    if (!member) return { status: 403, body: { message: 'User is not part of the organization' } };
    return { body: { login_token: `switch-${randomBytes(12).toString('hex')}` } };
  });
}

function registerNavigations(router: Router): void {
  router.on('POST', '/v2/user/navigations', (req, state) => {
    const body = (req.body ?? {}) as Rec;
    if (typeof body.name !== 'string' || typeof body.configuration !== 'object' || body.configuration === null) return bad('name and configuration are required');
    // The id is a hash of the content, as in the real API.
    const id = BigInt(`0x${createHash('sha256').update(JSON.stringify([body.name, body.configuration])).digest('hex').slice(0, 16)}`).toString(36);
    const nav = { id, name: body.name, configuration: body.configuration };
    state.navigations.set(id, nav);
    return { status: 201, body: nav };
  });

  router.on('GET', '/v2/user/navigations/{id}', (req, state) => {
    const nav = state.navigations.get(req.params.id!);
    return nav ? { body: nav } : notFound('Navigation');
  });
}

function registerPublic(router: Router): void {
  const invite = (req: FakeRequest, state: FakeState) => {
    const token = req.query.get('token');
    return token ? state.inviteTokens.get(token) : undefined;
  };

  router.on(
    'GET',
    '/v2/users/public/checkToken',
    (req, state) => {
      const found = invite(req, state);
      if (!found) return notFound('Token');
      const org = state.organizations.get(found.org_id);
      return { body: { invitation_org_id: found.org_id, invitation_org_name: org?.name, invitee_user_id: found.user_id } };
    },
    { public: true },
  );

  router.on(
    'POST',
    '/v2/users/public/activate',
    (req, state) => {
      const found = invite(req, state);
      if (!found) return notFound('Token');
      const body = (req.body ?? {}) as Rec;
      if (typeof body.password !== 'string' || body.password.length < 8) return bad('Password must have at least 8 characters');
      const user = state.users.find((u) => u.id === found.user_id);
      if (!user) return notFound('User');
      // The password is not kept: users are returned as stored, and tests read it from fake.requests.
      Object.assign(user, { status: 'Active', activated_at: now(), display_name: body.display_name ?? user.email });
      state.inviteTokens.delete(req.query.get('token')!);
      return { status: 200 };
    },
    { public: true },
  );

  router.on(
    'DELETE',
    '/v2/users/public/reject',
    (req, state) => {
      if (!invite(req, state)) return notFound('Token');
      state.inviteTokens.delete(req.query.get('token')!);
      return { body: { success: true } };
    },
    { public: true },
  );

  router.on(
    'GET',
    '/v2/users/public/username/{username}:getLoginParameters',
    (req, state) => {
      const email = req.params.username!.toLowerCase();
      const orgIds = [...new Set(state.users.filter((u) => u.email?.toLowerCase() === email && u.status !== 'Deleted').map((u) => u.organization_id))];
      const login_parameters = orgIds.map((id) => {
        const org = state.organizations.get(id);
        return { organization_id: id, organization_name: org?.name, organization_type: org?.type, organization_use: org?.organization_use, cognito_region: 'eu-central-1', passkey_enabled: false };
      });
      return { body: { login_parameters } };
    },
    { public: true },
  );

  router.on(
    'POST',
    '/v2/users/public/signup',
    (req, state) => {
      const { organization_detail: org, user_detail: owner } = (req.body ?? {}) as Rec;
      if (!org || !['Vendor', 'Partner'].includes(org.type) || !org.name || !org.pricing_tier || !org.email) return bad('Invalid organization_detail');
      if (!owner || !owner.full_name || !EMAIL.test(owner.email ?? '') || !owner.password) return bad('Invalid user_detail');
      if (state.users.some((u) => u.email === owner.email)) return bad('User already exists');
      const organization = { id: state.nextId(), type: org.type, name: org.name, pricing_tier: org.pricing_tier, email: org.email, phone: org.phone, website: org.website };
      state.organizations.set(organization.id, { ...organization, organization_use: 'Production' });
      const user = { id: state.nextId(), organization_id: organization.id, email: owner.email, display_name: owner.full_name, status: 'Active' };
      state.users.push(user);
      return { body: { user: { ...user, name: owner.full_name, preferred_language: 'en', roles: ['Owner'], properties: [] }, organization } };
    },
    { public: true },
  );
}

export function registerUserExtra(router: Router): void {
  registerGroups(router);
  registerMe(router);
  registerNavigations(router);
  registerPublic(router);
}
