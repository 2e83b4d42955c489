import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { AuditSearch } from '../../api/audit-logs.js';
import { parseTime } from '../../duration.js';
import { UsageError } from '../../errors.js';
import { oneOf } from '../../input.js';

export interface AuditFilterFlags {
  since?: string;
  until?: string;
  user?: string;
  service?: string;
  event?: string;
  outcome?: string;
}

const OUTCOMES = ['success', 'failure'] as const;

/** The filters `audit list` and `audit tail` share. */
export function auditFilterFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, since: string) {
  return cmd
    .option('--since <when>', `events from this time on: 1h, 7d (ago), 2026-11-01, an ISO time (${since})`)
    .option('--user <user>', 'events of this user: an id or an email')
    .option('--service <name>', 'events of this service, e.g. permissions, workflows')
    .option('--event <name>', 'events with this name, e.g. deleteWorkflow')
    .option('--outcome <outcome>', `only ${OUTCOMES.join(' or ')}`);
}

/**
 * The search body for these filters. A user is filtered by the API itself, by id or by email: the
 * audit log outlives users, so an email is not resolved against today's user list, where a
 * leaver would no longer be found.
 */
export function auditSearch(o: AuditFilterFlags, now: number): AuditSearch {
  const search: AuditSearch = {};
  const from = o.since === undefined ? undefined : parseTime(o.since, '--since', now);
  const to = o.until === undefined ? undefined : parseTime(o.until, '--until', now);
  if (from && to && from >= to) {
    throw new UsageError(`--since ${o.since} is not before --until ${o.until}.`, { hint: 'The window runs from --since to --until.' });
  }
  if (from || to) search.timestamp = { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) };
  const user = o.user?.trim();
  if (o.user !== undefined && !user) throw new UsageError('--user is empty.', { hint: 'Give a user id or an email.' });
  if (user) search.user = user.includes('@') ? { email: user } : { user_id: user };
  if (o.service?.trim()) search.service_name = o.service.trim();
  if (o.event?.trim()) search.event_name = o.event.trim();
  if (o.outcome !== undefined) search.outcome = oneOf(o.outcome.trim().toLowerCase(), OUTCOMES, '--outcome');
  return search;
}
