import { getAuditLog } from '../../api/audit-logs.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { AUDIT_VIEW } from './views.js';

export async function get(ctx: Context, _o: CommonFlags, id: string): Promise<void> {
  await ctx.out.record(await getAuditLog(await ctx.http(), id), AUDIT_VIEW);
}

export default defineVerb({
  name: 'get <id>',
  summary: 'Show one audit log event',
  description: 'Show one audit log event (Audit Logs API: GET /v1/logs/{id}), with its request and detail.',
  json: true,
  view: AUDIT_VIEW,
  examples: ['epi audit get 2843c005-c5b0-4df2-94ee-1ca2ddd998ac', 'epi audit get 2843c005-c5b0-4df2-94ee-1ca2ddd998ac --json http,detail'],
  run: get,
});
