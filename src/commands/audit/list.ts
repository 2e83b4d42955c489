import type { Command } from '@commander-js/extra-typings';
import { searchAuditLogs } from '../../api/audit-logs.js';
import type { CommonFlags, Context } from '../../context.js';
import { pageNumberPages, pagingFlags, printPaged, type PageFlags } from '../../paging.js';
import { defineVerb } from '../define.js';
import { auditFilterFlags, auditSearch, type AuditFilterFlags } from './filters.js';
import { AUDIT_VIEW } from './views.js';

export interface ListAuditOptions extends CommonFlags, PageFlags, AuditFilterFlags {}

/** The API documents no maximum page size; 100 keeps each response small. */
export const AUDIT_PAGE_SIZE = 100;

export async function list(ctx: Context, o: ListAuditOptions): Promise<void> {
  const search = auditSearch(o, ctx.now());
  const http = await ctx.http();
  const pages = pageNumberPages((page, limit) => searchAuditLogs(http, { ...search, limit, page }));
  await printPaged(ctx, pages, AUDIT_VIEW, o, AUDIT_PAGE_SIZE);
}

export default defineVerb({
  name: 'list',
  summary: 'List audit log events: who did what, when, with what outcome',
  description: `List events of your organization's audit log (Audit Logs API: POST /v1/logs), in the API's order.

--since and --until take a duration ago (1h, 7d, 90m) or a date or time (2026-11-01, 2026-11-01T08:30:00Z);
times without an offset are UTC. The outcome is "success" for HTTP statuses under 400, "failure" otherwise.

Reading the audit log needs the audit_log:view permission, on an epilot enterprise plan.`,
  aliases: ['ls'],
  json: true,
  view: AUDIT_VIEW,
  flags: (cmd: Command) => pagingFlags(auditFilterFlags(cmd, 'default: no limit').option('--until <when>', 'events before this time: same forms as --since')),
  examples: [
    'epi audit list --since 1d --service permissions',
    'epi audit list --since 2026-11-01 --until 2026-11-08 --user anna@acme.example --all --ndjson',
    'epi audit list --outcome failure --limit 20',
  ],
  run: list,
});
