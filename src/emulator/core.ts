/**
 * The emulator's engine: one request in, one response out, against a state object. It routes to
 * the API areas' handlers, authenticates the caller from the token's claims, rejects a request
 * that breaks the published spec with 400 as the API does (contract.ts), answers 501 for
 * operations of a known API that it does not emulate, and records every successful write as an
 * audit event, so `epi audit list` shows what was just done. Transport lives elsewhere:
 * local.ts answers in-process, serve.ts over HTTP.
 */
import { registerAccessToken } from './access-token.js';
import { recordEvent, registerAuditLogs } from './audit-logs.js';
import { checkAnyService } from './contract.js';
import { registerOrganization } from './organization.js';
import { registerPartnerDirectory } from './partner-directory.js';
import { registerPermissions } from './permissions.js';
import { Router, type FakeRequest, type FakeReply } from './router.js';
import type { FakeState } from './state.js';
import { registerUser } from './user.js';
import { registerUserExtra } from './user-extra.js';

export interface EmulatorRequest {
  method: string;
  /** Path and query, e.g. `/v2/users?limit=5`; a full URL is accepted too. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or empty. */
  body: string;
}

/** Path prefixes of the APIs the emulator stands in for (as `epi api` routes them). */
const API_PREFIXES: Array<[string, string]> = [
  ['/v2/organization', 'Organization'],
  ['/v2/feature-settings', 'Organization'],
  ['/v1/users', 'User'],
  ['/v2/users', 'User'],
  ['/v1/groups', 'User'],
  ['/v2/user', 'User'],
  ['/v1/partners', 'Partner Directory'],
  ['/v2/partners', 'Partner Directory'],
  ['/v1/partner-directory', 'Partner Directory'],
  ['/v1/geolocation', 'Partner Directory'],
  ['/v1/permissions', 'Permissions'],
  ['/v1/access-tokens', 'Access Token'],
  ['/v1/logs', 'Audit Logs'],
];

/** Every API area's routes on one router: their path prefixes do not overlap. */
export function createRouter(extra: Array<(router: Router) => void> = []): Router {
  const router = new Router();
  for (const register of [registerOrganization, registerUser, registerUserExtra, registerPermissions, registerPartnerDirectory, registerAccessToken, registerAuditLogs, ...extra]) {
    register(router);
  }
  return router;
}

export async function handle(router: Router, state: FakeState, request: EmulatorRequest): Promise<EmulatorResponse> {
  const url = new URL(request.url, 'http://emulator.local');
  const method = request.method.toUpperCase();
  let body: unknown;
  try {
    body = request.body ? JSON.parse(request.body) : undefined;
  } catch {
    return reply({ status: 400, body: { message: 'The request body is not valid JSON.' } });
  }
  const found = router.match(method, url.pathname);
  if (!found) {
    const api = API_PREFIXES.find(([prefix]) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`) || url.pathname.startsWith(`${prefix}:`))?.[1];
    if (api) {
      return reply({
        status: 501,
        body: { message: `The local epilot emulator does not emulate ${method} ${url.pathname} of the ${api} API. Use a real epilot environment for it.` },
      });
    }
    return reply({ status: 404, body: { message: `No route for ${method} ${url.pathname}` } });
  }
  const req: FakeRequest = { method, path: url.pathname, query: url.searchParams, params: found.params, headers: request.headers, body, rawBody: request.body };
  if (!found.route.public) {
    const who = state.authenticate(headerValue(request.headers.authorization));
    if (!who) return reply({ status: 401, body: { message: 'Unauthorized' } });
    req.orgId = who.orgId;
    req.userId = who.userId;
  }
  const problems = checkAnyService({ method, url: url.pathname + url.search, body });
  if (problems.length) return reply({ status: 400, body: { message: `Request does not match the API spec: ${problems.join('; ')}` } });
  let answer: FakeReply;
  try {
    answer = await found.route.handler(req, state);
  } catch (error) {
    answer = { status: 500, body: { message: `emulator error: ${(error as Error).message}` } };
  }
  const status = answer.status ?? 200;
  // Reading the audit log (a POST search) is not a write to record.
  if (method !== 'GET' && method !== 'HEAD' && status < 400 && found.route.template !== '/v1/logs') recordAudit(state, req, found.route.template, status);
  return reply(answer);
}

/** Writes of an org become audit events, newest last, as the Audit Log API would list them. */
function recordAudit(state: FakeState, req: FakeRequest, template: string, status: number): void {
  const service = API_PREFIXES.find(([prefix]) => req.path.startsWith(prefix))?.[1] ?? 'unknown';
  recordEvent(state, {
    org_id: req.orgId ?? null,
    user_id: req.userId ?? null,
    service: service.toLowerCase().replace(/ /g, '-'),
    event: `${req.method} ${template}`,
    path: req.path,
    status,
  });
}

function reply(answer: FakeReply): EmulatorResponse {
  const status = answer.status ?? 200;
  if (answer.body === undefined) return { status, headers: { ...answer.headers }, body: '' };
  return { status, headers: { 'content-type': 'application/json', ...answer.headers }, body: JSON.stringify(answer.body) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
