import type { FakeReply, Router } from './router.js';
import type { FakeState, Rec } from './state.js';

const PARAMS = ['name', 'token_type', 'assignments', 'expires_in'];
const EXPIRES = /^[0-9]+ ?(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?|w|weeks?|y|years?)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_557_600 };
const badRequest = (error: string): FakeReply => ({ status: 400, body: { status: 400, error } });

/** The checks the API's schema makes on API token parameters (additionalProperties: false). */
function checkParams(body: Rec): string | undefined {
  if (typeof body.name !== 'string' || !body.name) return 'name is required';
  const extra = Object.keys(body).find((k) => !PARAMS.includes(k));
  if (extra) return `unknown property ${extra}`;
  if (body.token_type !== undefined && body.token_type !== 'api') return 'only api tokens are faked';
  if (body.assignments !== undefined && (!Array.isArray(body.assignments) || body.assignments.some((a: unknown) => typeof a !== 'string'))) return 'assignments must be role ids';
  const e = body.expires_in;
  if (e !== undefined && !(Number.isInteger(e) && e >= 30 && e <= 604_800) && !(typeof e === 'string' && EXPIRES.test(e))) return 'expires_in is invalid';
  return undefined;
}

function seconds(expiresIn: number | string): number {
  if (typeof expiresIn === 'number') return expiresIn;
  const [, n, unit] = /^(\d+) ?([a-z]*)$/.exec(expiresIn)!;
  return Number(n) * (UNIT_SECONDS[unit![0] ?? 's'] ?? 1);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const listed = ({ token: _token, revoked: _revoked, user_id: _user, ...item }: Rec): Rec => item;

/**
 * An API token of a user, kept in state.accessTokens with the token itself (the API shows it once;
 * the emulator needs it to refuse it once revoked). The route and the demo seed both issue here.
 */
export function issueApiToken(state: FakeState, o: { orgId: string; userId: string; name: string; assignments: string[]; expiresIn?: number | string; id?: string; createdAt?: string }): Rec {
  const id = o.id ?? `api_${state.nextId()}`;
  const created_at = o.createdAt ?? new Date().toISOString();
  const iat = Math.floor(Date.parse(created_at) / 1000);
  const claims: Rec = { 'custom:ivy_org_id': o.orgId, 'custom:ivy_user_id': o.userId, token_type: 'api', iat, nonce: id };
  if (o.expiresIn !== undefined) claims.exp = iat + seconds(o.expiresIn);
  const token = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
  const item: Rec = { id, name: o.name, token_type: 'api', created_at, assignments: o.assignments, token, user_id: o.userId };
  state.accessTokens.push(item);
  return item;
}

/** The Access Token API: tokens are JWTs the emulator's own authentication accepts until revoked. */
export function registerAccessToken(router: Router): void {
  router.on('POST', '/v1/access-tokens', (req, state) => {
    const body = (req.body ?? {}) as Rec;
    const problem = checkParams(body);
    if (problem) return badRequest(problem);
    const item = issueApiToken(state, { orgId: req.orgId!, userId: req.userId!, name: body.name, assignments: body.assignments ?? state.assignments.get(req.userId!) ?? [], expiresIn: body.expires_in });
    return { status: 201, body: { ...listed(item), token: item.token } };
  });

  router.on('GET', '/v1/access-tokens', (req, state) => {
    const types = req.query.getAll('token_type');
    const mine = state.accessTokens.filter((t) => t.user_id === req.userId && !t.revoked && (!types.length || types.includes(t.token_type)));
    return { body: mine.map(listed) };
  });

  router.on('DELETE', '/v1/access-tokens/{id}', (req, state) => {
    const token = state.accessTokens.find((t) => t.id === req.params.id && t.user_id === req.userId && !t.revoked);
    if (!token) return { status: 404, body: { message: `Access token ${req.params.id} not found` } };
    token.revoked = true;
    state.revoked.add(token.token);
    return { body: listed(token) };
  });
}
