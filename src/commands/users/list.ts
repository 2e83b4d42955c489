import type { Command } from '@commander-js/extra-typings';
import { listUsersInOrgs, type UserV1 } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { pagingFlags, printPaged, type FetchPage, type PageFlags } from '../../paging.js';
import { collect, defineVerb } from '../define.js';
import { USER_PAGE_SIZE, userPages } from '../../resolve/users.js';
import { ORG_USER_VIEW, USER_VIEW } from './views.js';

export interface ListUsersOptions extends CommonFlags, PageFlags {
  query?: string;
  /** Organization ids (--in-org); set, the v1 multi-organization listing is used. */
  inOrg?: string[];
}

export async function list(ctx: Context, o: ListUsersOptions): Promise<void> {
  const http = await ctx.http();
  if (!o.inOrg?.length) {
    await printPaged(ctx, userPages(http, o.query), USER_VIEW, o, USER_PAGE_SIZE);
    return;
  }
  const orgIds = [...new Set(o.inOrg)];
  const pages: FetchPage<UserV1> = (offset, size) => listUsersInOrgs(http, orgIds, { query: o.query, limit: size, offset });
  await printPaged(ctx, pages, ORG_USER_VIEW, o, USER_PAGE_SIZE);
}

export default defineVerb({
  name: 'list',
  summary: 'List the users of your organization (or of several with --in-org)',
  description: [
    "List users (GET /v2/users). --query filters with the API's free-text search (name, email).",
    'With --in-org (repeatable, or comma-separated) the v1 listing of the organizations you can access is used (GET /v1/users?org_ids=...): its records carry roles and the organization, but no status.',
  ].join('\n\n'),
  aliases: ['ls'],
  json: true,
  flags: (cmd: Command) =>
    pagingFlags(
      cmd
        .option('-q, --query <text>', 'only users matching this text')
        .option('--in-org <id>', 'list the users of these organizations instead (repeatable, or comma-separated)', collect),
    ),
  examples: [
    'epi users list',
    'epi users list --query anna --json id,email',
    'epi users list --all --ndjson > users.ndjson',
    'epi users list --in-org 739224 --in-org 911 --all --json',
  ],
  run: list,
});
