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
  /** API access tokens, with the token itself and `revoked`. */
  accessTokens: Rec[];
  /** Tokens the fake refuses with 401 although they decode. */
  revoked: Set<string>;
  /** Every successful write, newest last (the emulator records them; the Audit Log API lists them). */
  auditEvents: Rec[];
  /** The last id handed out; kept in the state so a saved emulator goes on counting. */
  lastId: number;
  nextId: () => string;
  authenticate(header: string | undefined): { orgId: string; userId: string; token: string } | undefined;
}

export function createState(): FakeState {
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
    accessTokens: [],
    revoked: new Set(),
    auditEvents: [],
    lastId: 1000,
    nextId: () => String(++state.lastId),
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

/** The parts of the state that are data (not functions), for saving it as JSON. */
const DATA_KEYS = (state: FakeState) => Object.keys(state).filter((k) => typeof (state as unknown as Rec)[k] !== 'function');

/** JSON with Maps and Sets tagged, so the emulator's state survives a round trip through a file. */
export function serializeState(state: FakeState): string {
  const data = Object.fromEntries(DATA_KEYS(state).map((k) => [k, (state as unknown as Rec)[k]]));
  return JSON.stringify(data, (_key, value: unknown) => {
    if (value instanceof Map) return { $map: [...value.entries()] };
    if (value instanceof Set) return { $set: [...value] };
    return value;
  });
}

/** The state saved by serializeState, on top of a fresh one (so fields added later get defaults). */
export function restoreState(text: string, base: FakeState = createState()): FakeState {
  const data = JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$map' in value) return new Map((value as { $map: Array<[unknown, unknown]> }).$map);
    if (value && typeof value === 'object' && '$set' in value) return new Set((value as { $set: unknown[] }).$set);
    return value;
  }) as Rec;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('the emulator state is not a JSON object');
  for (const key of DATA_KEYS(base)) if (key in data) (base as unknown as Rec)[key] = data[key];
  return base;
}
