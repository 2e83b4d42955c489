import type { Command } from '@commander-js/extra-typings';
import { searchRoles } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { compact } from '../../input.js';
import { pagingFlags, printPaged, type PageFlags } from '../../paging.js';
import { collect, defineVerb } from '../define.js';
import { ROLE_VIEW, type RoleRecord } from './views.js';

export interface SearchRolesOptions extends CommonFlags, PageFlags {
  slug?: string[];
  id?: string[];
  /** Organization ids to search in: a filter, so not --org (which names the organization to act on). */
  inOrg?: string[];
  query?: string;
}

export async function search(ctx: Context, o: SearchRolesOptions): Promise<void> {
  const http = await ctx.http();
  const filters = compact({
    query: o.query?.trim() || undefined,
    slugs: o.slug?.length ? o.slug : undefined,
    role_ids: o.id?.length ? o.id : undefined,
    org_ids: o.inOrg?.length ? [...new Set(o.inOrg)] : undefined,
  });
  await printPaged<RoleRecord>(
    ctx,
    // limit/offset travel in the body; the first page has no offset (the API rejects offset 0).
    (offset, size) => searchRoles(http, { ...filters, limit: size, ...(offset ? { offset } : {}) }),
    ROLE_VIEW,
    o,
  );
}

export default defineVerb({
  name: 'search',
  summary: 'Search roles by text, slug, id or organization',
  description: 'Search roles (Permissions API: POST /v1/permissions/roles:search), page by page.',
  json: true,
  flags: (cmd: Command) =>
    pagingFlags(
      cmd
        .option('-q, --query <text>', 'only roles whose name, slug or id matches this text')
        .option('--slug <slug>', 'only roles with this slug (repeatable)', collect)
        .option('--id <role-id>', 'only this role id, e.g. 123:owner (repeatable)', collect)
        .option('--in-org <org-id>', 'only roles of this organization (repeatable, or comma-separated)', collect),
    ),
  examples: ['epi roles search --query manager', 'epi roles search --slug owner --in-org 123 --in-org 456 --json', 'epi roles search --all --ndjson | jq -r .id'],
  run: search,
});
