/** The fake's data. One slice per API; e2e tests seed and inspect it directly. */
export type Rec = Record<string, any>;

export interface FakeState {
  organizations: Map<string, Rec>;
  /** org id → settings map */
  settings: Map<string, Rec>;
  users: Rec[];
  groups: Rec[];
  /** user id → scope → key → value */
  userSettings: Map<string, Map<string, Rec>>;
  passkeys: Rec[];
  navigations: Map<string, Rec>;
  inviteTokens: Map<string, Rec>;
  roles: Rec[];
  /** user id → role ids */
  assignments: Map<string, string[]>;
  partners: Rec[];
  partnerUsers: Map<string, Rec[]>;
  partnerRoles: Map<string, Rec[]>;
  /** Tokens the fake refuses with 401 although they decode. */
  revoked: Set<string>;
  nextId: () => string;
  authenticate(header: string | undefined): { orgId: string; userId: string; token: string } | undefined;
}

export function createState(): FakeState {
  let id = 1000;
  const state: FakeState = {
    organizations: new Map([
      ['739224', { id: '739224', name: 'Acme Energy', type: 'Vendor', email: 'ops@acme.example', organization_use: 'Production', address: { city: 'Köln', country: 'DE' } }],
    ]),
    settings: new Map([['739224', { default_language: 'de', double_opt_in: { enabled: true } }]]),
    users: [{ id: '10001', organization_id: '739224', email: 'admin@acme.example', display_name: 'Ada Admin', status: 'Active' }],
    groups: [],
    userSettings: new Map(),
    passkeys: [],
    navigations: new Map(),
    inviteTokens: new Map(),
    roles: [],
    assignments: new Map(),
    partners: [],
    partnerUsers: new Map(),
    partnerRoles: new Map(),
    revoked: new Set(),
    nextId: () => String(++id),
    authenticate(header) {
      const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
      if (!token || state.revoked.has(token)) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Rec;
        if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return undefined;
        return { orgId: String(claims['custom:ivy_org_id'] ?? claims.org_id), userId: String(claims['custom:ivy_user_id'] ?? claims.user_id), token };
      } catch {
        return undefined;
      }
    },
  };
  return state;
}
