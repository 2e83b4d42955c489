import type { Group } from '../../api/user-groups.js';
import { documentedFields, type View } from '../../output/printer.js';

type Member = NonNullable<Group['users']>[number] | string;

/**
 * Members as the API returns them: full users with --hydrate, otherwise only their ids
 * (as `{id}` objects, or bare strings from older deployments).
 */
export function memberIds(group: Group | undefined): string[] {
  return ((group?.users ?? []) as Member[]).map((u) => (typeof u === 'string' ? u : u.id)).filter((id): id is string => !!id);
}

const who = (u: Member | undefined) => (u === undefined ? undefined : typeof u === 'string' ? u : u.display_name ? `${u.display_name} (${u.id})` : u.id);

export const GROUP_VIEW: View<Group> = {
  columns: [
    { header: 'ID', value: (g) => g.id },
    { header: 'Name', value: (g) => g.name },
    { header: 'Abbr.', value: (g) => g.abbreviation },
    { header: 'Members', value: (g) => memberIds(g).length },
    { header: 'Current assignee', value: (g) => who(g.crt_assignee) },
  ],
  detail: [
    { header: 'ID', value: (g) => g.id },
    { header: 'Name', value: (g) => g.name },
    { header: 'Abbreviation', value: (g) => g.abbreviation },
    { header: 'Members', value: (g) => ((g.users ?? []) as Member[]).map(who) },
    { header: 'Current assignee', value: (g) => who(g.crt_assignee) },
    { header: 'Colours', value: (g) => g.image_uri?.gradient_colors },
    { header: 'Image', value: (g) => g.image_uri?.original },
    { header: 'Organization', value: (g) => g.org_id },
    { header: 'Created', value: (g) => g.created_at },
    { header: 'Created by', value: (g) => g.created_by },
    { header: 'Updated', value: (g) => g.updated_at },
  ],
  fields: documentedFields<Group>({
    id: true, org_id: true, name: true, created_at: true, updated_at: true, created_by: true, crt_assignee: true, users: true,
    image_uri: true, abbreviation: true,
  }),
};
