import type { Components } from '@epilot/audit-logs-client';
import { ApiError } from '../errors.js';
import { redactLine, redactSecrets } from '../output/redact.js';
import { envelope, page, record, sameId } from './shape.js';
import { seg, type Http, type Page } from './types.js';

export type AuditEvent = Components.Schemas.Event;
export type AuditSearch = Components.Schemas.SearchOptions;

const CREDENTIAL_HEADER = /^(authorization|cookie|x-api-key|x-epilot-token)$/i;

/**
 * An event records someone's request, credentials included: header values that carry them and
 * secret fields of the recorded body are masked before anything is shown, like epi's own.
 */
function scrub(recorded: AuditEvent): AuditEvent {
  const event = { ...recorded };
  const headers = event.http?.headers;
  if (headers && typeof headers === 'object') {
    event.http = { ...event.http, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, CREDENTIAL_HEADER.test(k) ? '***' : v])) };
  }
  if (typeof event.detail === 'string') {
    try {
      event.detail = JSON.stringify(redactSecrets(JSON.parse(event.detail)));
    } catch {
      event.detail = redactLine(event.detail);
    }
  }
  return event;
}

const auditEvent = record<AuditEvent>('an audit event', 'id');

/** One page of events. A read, though a POST: the API pages with `limit` and a zero-based `page` in the body, and reports the total. */
export async function searchAuditLogs(http: Http, search: AuditSearch): Promise<Page<AuditEvent>> {
  const found = await withAccessHint(http.read('audit-logs', 'POST', '/v1/logs', page('logs', auditEvent, 'an array of audit events', 'total'), { body: search }));
  return { ...found, items: found.items.map(scrub) };
}

export async function getAuditLog(http: Http, logId: string): Promise<AuditEvent> {
  return scrub(await withAccessHint(http.read('audit-logs', 'GET', `/v1/logs/${seg(logId)}`, envelope('log', sameId(auditEvent, logId)))));
}

/** A 403 from this API nearly always means the plan or the permission, so the error says which. */
async function withAccessHint<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      throw new ApiError(`${error.message}: reading the audit log needs the audit_log:view permission, on an epilot enterprise plan.`, error.method, error.url, 403, error.serverMessage, {
        hint: 'Ask an organization admin for a role that grants audit_log:view; the audit log is available on enterprise plans only.',
      });
    }
    throw error;
  }
}
