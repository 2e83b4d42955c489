import { randomUUID } from 'node:crypto';
import type { Router } from './router.js';
import type { FakeState, Rec } from './state.js';

export interface Recorded {
  org_id: string | null;
  user_id: string | null;
  /** The API, as the Audit Logs API names it: organization, user, permissions, … */
  service: string;
  /** `METHOD /path/template` */
  event: string;
  path?: string;
  status: number;
  timestamp?: string;
  /** A UUID, as the API's log ids are. */
  id?: string;
}

/** The one store of audit events: every write the emulator answers (core.ts) and the demo seed's history. */
export function recordEvent(state: FakeState, e: Recorded): void {
  state.auditEvents.push({ ...e, id: e.id ?? randomUUID(), timestamp: e.timestamp ?? new Date().toISOString() });
}

/** A recorded event as the Audit Logs API returns events. */
function asEvent(recorded: Rec, state: FakeState): Rec {
  const user = state.users.find((u) => u.id === recorded.user_id);
  return {
    id: recorded.id,
    org_id: recorded.org_id,
    service_name: recorded.service,
    event_name: recorded.event,
    status_code: recorded.status,
    timestamp: recorded.timestamp,
    caller: { user_id: recorded.user_id, user_email: user?.email, trigger_type: 'user' },
    ...(recorded.path ? { http: { path: recorded.path, method: String(recorded.event).split(' ')[0] } } : {}),
  };
}

/** The Audit Logs API: a search over the recorded writes, newest first, paged with limit and a zero-based page. */
export function registerAuditLogs(router: Router): void {
  router.on('POST', '/v1/logs', (req, state) => {
    const search = (req.body ?? {}) as Rec;
    const from = search.timestamp?.from ? Date.parse(search.timestamp.from) : -Infinity;
    const to = search.timestamp?.to ? Date.parse(search.timestamp.to) : Infinity;
    const outcome = (e: Rec) => (e.status_code < 400 ? 'success' : 'failure');
    const hits = state.auditEvents
      .filter((e) => e.org_id === req.orgId)
      .map((e) => asEvent(e, state))
      .filter((e) => Date.parse(e.timestamp) >= from && Date.parse(e.timestamp) <= to)
      .filter((e) => !search.service_name || e.service_name === search.service_name)
      .filter((e) => !search.event_name || e.event_name === search.event_name)
      .filter((e) => !search.outcome || outcome(e) === search.outcome)
      .filter((e) => !search.user?.user_id || e.caller.user_id === search.user.user_id)
      .filter((e) => !search.user?.email || e.caller.user_email === search.user.email)
      .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    const limit = Number(search.limit ?? 50);
    const page = Number(search.page ?? 0);
    return { body: { logs: hits.slice(page * limit, (page + 1) * limit), total: hits.length } };
  });

  router.on('GET', '/v1/logs/{logId}', (req, state) => {
    const recorded = state.auditEvents.find((e) => e.id === req.params.logId && e.org_id === req.orgId);
    return recorded ? { body: { log: asEvent(recorded, state) } } : { status: 404, body: { message: `Log ${req.params.logId} not found` } };
  });
}
