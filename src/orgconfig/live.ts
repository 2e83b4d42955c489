/**
 * Reads an organization's configuration from the API: one read of its settings, one of its
 * roles (user roles, and partner roles with `partner-roles`), the group listing, and (only when
 * members are wanted) one pass over its users to turn member ids into emails. `ids` keeps what
 * apply needs to address existing resources.
 */
import { getOrganization, getSettings } from '../api/organization.js';
import { listAllRoles } from '../api/permissions.js';
import type { Http } from '../api/types.js';
import { getGroups, type Group } from '../api/user-groups.js';
import { UsageError } from '../errors.js';
import { eachRecord } from '../paging.js';
import { USER_PAGE_SIZE, userPages } from '../resolve/users.js';
import { groupDoc, roleDoc, type GroupDoc, type Kind, type OrgConfig, type RoleDoc, type With } from './model.js';

export interface LiveOrg extends OrgConfig {
  /** Group name → the group's id in this org. */
  groupIds: Map<string, string>;
}

const GROUP_PAGE_SIZE = 100;

export async function readLiveOrg(http: Http, orgId: string, kinds: readonly Kind[], withs: readonly With[], label: string, warn: (message: string) => void): Promise<LiveOrg> {
  const org = await getOrganization(http, orgId);
  const live: LiveOrg = {
    label,
    org: { id: orgId, name: org.name ?? undefined, organization_use: (org as { organization_use?: string }).organization_use },
    kinds: [...kinds],
    with: [...withs],
    settings: new Map(),
    roles: new Map(),
    groups: new Map(),
    groupIds: new Map(),
  };
  if (kinds.includes('settings')) {
    const settings = await getSettings(http, orgId);
    for (const key of Object.keys(settings).sort()) live.settings.set(key, (settings as Record<string, unknown>)[key]);
  }
  if (kinds.includes('roles')) {
    const roles: RoleDoc[] = (await listAllRoles(http)).flatMap((r) => roleDoc(r, orgId, withs.includes('partner-roles')) ?? []);
    for (const role of roles.sort((a, b) => a.slug.localeCompare(b.slug))) live.roles.set(role.slug, role);
  }
  if (kinds.includes('groups')) {
    const groups: Group[] = [];
    for await (const g of eachRecord((offset, size) => getGroups(http, { limit: size, offset }), { pageSize: GROUP_PAGE_SIZE })) groups.push(g);
    let emailOf: ((id: string) => string | undefined) | undefined;
    if (withs.includes('members')) {
      const emails = new Map<string, string>();
      for await (const u of eachRecord(userPages(http), { pageSize: USER_PAGE_SIZE })) if (u.id && u.email) emails.set(String(u.id), u.email.toLowerCase());
      emailOf = (id) => emails.get(id);
    }
    for (const g of groups) {
      const doc: GroupDoc = groupDoc(g, emailOf, (id) => warn(`Group "${g.name}" of ${label} has member ${id}, who is not a user of the organization; left out.`));
      const twin = live.groupIds.get(doc.name);
      if (twin !== undefined) {
        throw new UsageError(`Two groups of ${label} are named "${doc.name}" (ids ${twin} and ${g.id}); epi matches groups by name.`, {
          hint: `Rename one of them (epi groups update ${g.id} --name <new name>), then run this again.`,
        });
      }
      live.groups.set(doc.name, doc);
      live.groupIds.set(doc.name, String(g.id));
    }
  }
  return live;
}
