import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { searchAssignables, type Assignable, type AssignableType } from '../../api/partner-directory.js';
import type { CommonFlags, Context } from '../../context.js';
import { pagingFlags, printPaged, type PageFlags } from '../../paging.js';
import { collect, defineVerb } from '../define.js';
import { ASSIGNABLE_VIEW } from './views.js';

export interface SearchAssignablesOptions extends CommonFlags, PageFlags {
  type?: AssignableType[];
  /** Organization ids to search in: a filter, so not --org (which names the organization to act on). */
  inOrg?: string[];
  portalEntity?: string;
  query?: string;
}

export const ASSIGNABLE_TYPES: readonly AssignableType[] = ['user', 'partner_user', 'partner_organization', 'ecp', 'group', 'parent_organization_user'];
/** The API's largest page. */
const MAX_PAGE = 1000;

function collectTypes(value: string, previous: AssignableType[] = []): AssignableType[] {
  const types = collect(value);
  const bad = types.filter((t) => !(ASSIGNABLE_TYPES as readonly string[]).includes(t));
  if (bad.length) throw new InvalidArgumentError(`"${bad.join('", "')}" is not one of: ${ASSIGNABLE_TYPES.join(', ')}.`);
  return [...previous, ...(types as AssignableType[])];
}

export async function search(ctx: Context, o: SearchAssignablesOptions): Promise<void> {
  const http = await ctx.http();
  await printPaged<Assignable>(
    ctx,
    (offset, size) =>
      // from/size paging in the body; the first page leaves `from` out.
      searchAssignables(http, {
        q: o.query?.trim() ?? '',
        size,
        ...(offset ? { from: offset } : {}),
        ...(o.type?.length ? { types: [...new Set(o.type)] } : {}),
        ...(o.inOrg?.length ? { org_ids: [...new Set(o.inOrg)] } : {}),
        ...(o.portalEntity ? { portalUsersEntityIdScope: o.portalEntity } : {}),
      }),
    ASSIGNABLE_VIEW,
    o,
    MAX_PAGE,
  );
}

export default defineVerb({
  name: 'search',
  summary: 'Search users, partner users, partner organizations and groups you can assign',
  description:
    'Search the assignables of your organization and its partners: users, partner users, partner organizations,\nportal users (ecp) and groups (Partner Directory API: POST /v1/partners/assignables:search, up to 1000 per page).',
  json: true,
  flags: (cmd: Command) =>
    pagingFlags(
      cmd
        .option('-q, --query <text>', 'only assignables matching this text (name, email)')
        .option('--type <type>', `only this kind (repeatable): ${ASSIGNABLE_TYPES.join(', ')}`, collectTypes)
        .option('--in-org <org-id>', 'only this organization (repeatable, or comma-separated)', collect)
        .option('--portal-entity <entity-id>', 'with --type ecp: portal users related to this entity'),
    ),
  examples: ['epi partners search --query john', 'epi partners search --type partner_organization --all --json', 'epi partners search --type user,partner_user --in-org 123 --ndjson'],
  run: search,
});
