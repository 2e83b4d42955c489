import { searchRoles } from '../../api/permissions.js';
import type { CommonFlags, Context } from '../../context.js';
import { compact } from '../../input.js';
import { pagingFlags, printPaged, type PageFlags } from '../../paging.js';
import { collect, defineVerb } from '../define.js';
import { ROLE_VIEW, type RoleRecord } from './views.js';

export interface SearchRolesOptions extends CommonFlags, PageFlags {
  slug?: string[];
  id?: string[];
  org?: string[];
}

export async function search(ctx: Context, o: SearchRolesOptions, query?: string): Promise<void> {
  const http = await ctx.http();
  const filters = compact({
    query: query?.trim() || undefined,
    slugs: o.slug?.length ? o.slug : undefined,
    role_ids: o.id?.length ? o.id : undefined,
    org_ids: o.org?.length ? o.org : undefined,
  });
  await printPaged<RoleRecord>(
    ctx,
    // limit/offset travel in the body; the first page has no offset (the API rejects offset 0).
    (offset, size) => searchRoles(http, { ...filters, limit: size, ...(offset ? { offset } : {}) }),
    ROLE_VIEW,
    o,
  );
}

export default defineVerb<SearchRolesOptions, [string?]>({
  name: 'search [query]',
  summary: 'Search roles by text, slug, id or organization',
  description: 'Search roles (Permissions API: POST /v1/permissions/roles:search), page by page.',
  json: true,
  flags: (cmd) => {
    cmd
      .option('--slug <slug>', 'only roles with this slug (repeatable)', collect)
      .option('--id <role-id>', 'only this role id, e.g. 123:owner (repeatable)', collect)
      .option('--org <org-id>', 'only roles of this organization (repeatable)', collect);
    pagingFlags(cmd);
  },
  examples: ['epi roles search manager', 'epi roles search --slug owner --org 123 --org 456 --json', 'epi roles search --all --ndjson | jq -r .id'],
  run: search,
});
