import type { Command } from '@commander-js/extra-typings';
import { listUsersInOrgs, USER_STATUSES, type User, type UserStatus, type UserV1 } from '../../api/user.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_LIMIT, paginate, pagingFlags, printPaged, type FetchPage, type PageFlags } from '../../paging.js';
import { groupName, loadAccess, resolveGroupIds, roleName, type Access } from '../../resolve/access.js';
import { resolveWithIndex } from '../../resolve/roles.js';
import { collect, defineVerb } from '../define.js';
import { USER_PAGE_SIZE, userPages } from '../../resolve/users.js';
import { accessView, ORG_USER_VIEW, USER_VIEW, type AccessUser } from './views.js';

export interface ListUsersOptions extends CommonFlags, PageFlags {
  query?: string;
  /** Organization ids (--in-org); set, the v1 multi-organization listing is used. */
  inOrg?: string[];
  with?: string[];
  role?: string[];
  group?: string[];
  status?: string[];
}

export const WITH_VALUES = ['roles', 'groups'] as const;
export type With = (typeof WITH_VALUES)[number];

export async function list(ctx: Context, o: ListUsersOptions): Promise<void> {
  const withs = withOf(o.with);
  const statuses = o.status?.length ? new Set(o.status.map(statusOf)) : undefined;
  const filtering = !!(o.role?.length || o.group?.length || statuses);
  if (o.inOrg?.length && (withs.size || filtering)) {
    throw new UsageError('--with, --role, --group and --status read your own organization; they cannot be combined with --in-org.', {
      hint: 'Leave out --in-org, or run the review once per organization with --org <id>.',
    });
  }
  const http = await ctx.http();
  if (o.inOrg?.length) {
    const orgIds = [...new Set(o.inOrg)];
    const pages: FetchPage<UserV1> = (offset, size) => listUsersInOrgs(http, orgIds, { query: o.query, limit: size, offset });
    await printPaged(ctx, pages, ORG_USER_VIEW, o, USER_PAGE_SIZE);
    return;
  }
  if (!withs.size && !filtering) {
    await printPaged(ctx, userPages(http, o.query), USER_VIEW, o, USER_PAGE_SIZE);
    return;
  }

  const view = accessView(withs);
  ctx.out.expectFields(view);
  // Roles, assignments and groups are read while the first page of users is on its way.
  const loading = withs.size || o.role?.length || o.group?.length ? loadAccess(http) : undefined;
  loading?.catch(() => undefined);
  const users = userPages(http, o.query);
  if (!filtering) {
    const enriched: FetchPage<AccessUser> = async (offset, size) => {
      const [page, access] = await Promise.all([users(offset, size), loading!]);
      return { ...page, items: page.items.map((u) => withAccess(u, access, withs)) };
    };
    await printPaged(ctx, enriched, view, o, USER_PAGE_SIZE);
    return;
  }

  // Filters are applied here, so --limit counts the users that match, not the users read.
  const access = await loading;
  const roleIds = access && o.role?.length ? new Set(resolveWithIndex(access.roles, o.role, '--role', 'epi roles list')) : undefined;
  const groupIds = access && o.group?.length ? new Set(resolveGroupIds(access.groups, o.group, '--group')) : undefined;
  const keep = (u: User): boolean =>
    (!statuses || (u.status !== undefined && statuses.has(u.status))) &&
    (!roleIds || (access!.rolesOf.get(u.id ?? '') ?? []).some((r) => roleIds.has(r))) &&
    (!groupIds || (access!.groupsOf.get(u.id ?? '') ?? []).some((g) => groupIds.has(g.id)));
  const limit = o.all ? Number.POSITIVE_INFINITY : (o.limit ?? DEFAULT_LIMIT);
  async function* matching(): AsyncGenerator<AccessUser[]> {
    let shown = 0;
    for await (const page of paginate(users, { all: true, pageSize: USER_PAGE_SIZE, maxRecords: ctx.limits.maxRecords })) {
      const kept = page.filter(keep).map((u) => (access ? withAccess(u, access, withs) : u));
      if (shown + kept.length > limit) {
        yield kept.slice(0, limit - shown);
        ctx.out.warn(`Stopped at --limit ${limit} matching users; more may exist. Use --all for every one, or --limit <n>.`);
        return;
      }
      shown += kept.length;
      yield kept;
    }
  }
  await ctx.out.listPages(matching(), view, { streamJson: o.all });
}

/** --with roles,groups: each value checked, so a typo is an error instead of a column that never shows. */
function withOf(values: string[] | undefined): Set<With> {
  const out = new Set<With>();
  for (const v of values ?? []) {
    const value = v.trim().toLowerCase();
    if (!(WITH_VALUES as readonly string[]).includes(value)) throw new UsageError(`--with "${v}" is not one of: ${WITH_VALUES.join(', ')}.`, { hint: 'For the access review: --with roles,groups' });
    out.add(value as With);
  }
  return out;
}

/** A status as the spec spells it, given in any case. */
function statusOf(value: string): UserStatus {
  const status = USER_STATUSES.find((s) => s.toLowerCase() === value.trim().toLowerCase());
  if (!status) throw new UsageError(`--status "${value}" is not one of: ${USER_STATUSES.join(', ')}.`, { hint: 'Any case works: --status active.' });
  return status;
}

/** The user record with its role and group names (and ids) added, as --with asked. */
function withAccess(user: User, access: Access, withs: ReadonlySet<With>): AccessUser {
  const id = user.id ?? '';
  const out: AccessUser = { ...user };
  if (withs.has('roles')) {
    const roleIds = access.rolesOf.get(id) ?? [];
    Object.assign(out, { roles: roleIds.map((r) => roleName(access, r)), role_ids: roleIds });
  }
  if (withs.has('groups')) {
    const groups = access.groupsOf.get(id) ?? [];
    Object.assign(out, { groups: groups.map(groupName), group_ids: groups.map((g) => g.id) });
  }
  return out;
}

export default defineVerb({
  name: 'list',
  summary: 'List the users of your organization (or of several with --in-org); --with roles,groups for an access review',
  description: [
    "List users (GET /v2/users). --query filters with the API's free-text search (name, email).",
    "--with roles,groups adds each user's role names and group names (and their ids under --json), from one read of the role assignments (GET /v1/permissions/assignments), one of the roles and the pages of the group listing, however many users there are. `--all --with roles,groups --format csv` is the quarterly access review: one line per user, roles and groups each in one cell, separated by \"; \".",
    '--role, --group and --status keep only the users that hold one of the roles (id, slug or name), belong to one of the groups (id or name) or have one of the statuses (' + USER_STATUSES.join(', ') + ', any case). They filter on epi\'s side after every name is resolved, so --limit counts matching users.',
    'With --in-org (repeatable, or comma-separated) the v1 listing of the organizations you can access is used (GET /v1/users?org_ids=...): its records carry roles and the organization, but no status.',
  ].join('\n\n'),
  aliases: ['ls'],
  json: true,
  flags: (cmd: Command) =>
    pagingFlags(
      cmd
        .option('-q, --query <text>', 'only users matching this text')
        .option('--in-org <id>', 'list the users of these organizations instead (repeatable, or comma-separated)', collect)
        .option('--with <what>', `add each user's ${WITH_VALUES.join(' and/or ')} (comma-separated)`, collect)
        .option('--role <role>', 'only users holding this role, by id, slug or name (repeatable, or comma-separated)', collect)
        .option('--group <group>', 'only members of this group, by id or name (repeatable, or comma-separated)', collect)
        .option('--status <status>', `only users with this status: ${USER_STATUSES.join(', ')} (any case; repeatable)`, collect),
    ),
  examples: [
    'epi users list --all --with roles,groups --format csv > review.csv',
    'epi users list',
    'epi users list --query anna --json id,email',
    'epi users list --all --role owner --with roles',
    'epi users list --all --group Finance --status pending --json id,email,groups',
    'epi users list --all --ndjson > users.ndjson',
    'epi users list --in-org 739224 --in-org 911 --all --json',
  ],
  run: list,
});
