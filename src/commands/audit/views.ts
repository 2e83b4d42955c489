import type { AuditEvent } from '../../api/audit-logs.js';
import { documentedFields, type View } from '../../output/printer.js';

/** The API records the HTTP status, not an outcome; a status under 400 is what its own outcome filter calls success. */
export function outcomeOf(event: AuditEvent): 'success' | 'failure' | undefined {
  const status = event.status_code;
  if (typeof status !== 'number') return undefined;
  return status < 400 ? 'success' : 'failure';
}

const who = (e: AuditEvent) => e.caller?.user_email ?? e.caller?.user_id ?? e.caller?.trigger_type;

export const AUDIT_VIEW: View<AuditEvent> = {
  columns: [
    { header: 'Time', value: (e) => e.timestamp },
    { header: 'User', value: who },
    { header: 'Service', value: (e) => e.service_name },
    { header: 'Event', value: (e) => e.event_name },
    { header: 'Outcome', value: outcomeOf },
  ],
  detail: [
    { header: 'ID', value: (e) => e.id },
    { header: 'Time', value: (e) => e.timestamp },
    { header: 'User', value: (e) => e.caller?.user_email },
    { header: 'User ID', value: (e) => e.caller?.user_id },
    { header: 'Trigger', value: (e) => e.caller?.trigger_type },
    { header: 'Service', value: (e) => e.service_name },
    { header: 'Event', value: (e) => e.event_name },
    { header: 'Outcome', value: outcomeOf },
    { header: 'Status', value: (e) => e.status_code },
    { header: 'Request', value: (e) => [e.http?.method, e.http?.path].filter(Boolean).join(' ') },
    { header: 'IP', value: (e) => e.http?.ip },
    { header: 'Activity', value: (e) => e.activity },
    { header: 'Resource', value: (e) => e.source_url },
    { header: 'Detail', value: (e) => e.detail },
  ],
  fields: documentedFields<AuditEvent>({
    id: true, org_id: true, timestamp: true, caller: true, service_name: true, event_name: true, status_code: true, http: true, detail: true,
    activity: true, source_url: true,
  }),
};
