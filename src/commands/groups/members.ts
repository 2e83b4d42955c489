import { getGroup, updateGroup, type Group } from '../../api/user-groups.js';
import { isPlanned, type Http, type Planned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { resolveUserIds } from '../../resolve/users.js';
import { Turns } from '../../turns.js';
import { GROUP_VIEW, memberIds } from './view.js';

export type MembersOptions = CommonFlags;

/** What a read-modify-write of a group's members found and did; `updated` is undefined when nothing changed. */
export interface MembersEdit {
  group: Group;
  current: string[];
  next: string[];
  updated?: Group | Planned;
}

/** Edits of one group in this process, in turn: see editMembers. */
const editing = new Turns();

/**
 * Read-modify-write of a group's members: the API only takes the whole user_ids list, so the group
 * is read, changed and PATCHed back. No PATCH is sent when nothing changes. Edits of the same group
 * from this process wait for each other (offboarding several members of a group at once, `epi
 * batch` rows running side by side), so none overwrites another; a change made elsewhere between
 * the read and the write is still overwritten.
 */
export function editMembers(http: Http, id: string, edit: (current: string[]) => string[]): Promise<MembersEdit> {
  return editing.run(id, async (): Promise<MembersEdit> => {
    const group = await getGroup(http, id);
    const current = memberIds(group);
    const next = edit(current);
    const unchanged = next.length === current.length && next.every((u, i) => u === current[i]);
    return { group, current, next, updated: unchanged ? undefined : await updateGroup(http, id, { user_ids: next }) };
  });
}

export async function changeMembers(ctx: Context, id: string, userRefs: string[], mode: 'add' | 'remove'): Promise<void> {
  const http = await ctx.http();
  const given = [...new Set(await resolveUserIds(http, userRefs, { flag: '<user>' }))];
  const { group, current, next, updated } = await editMembers(http, id, (members) =>
    mode === 'add' ? [...members, ...given.filter((u) => !members.includes(u))] : members.filter((u) => !given.includes(u)),
  );
  if (mode === 'add') {
    const present = given.filter((u) => current.includes(u));
    if (present.length) ctx.out.info(`Already in group "${group?.name}": ${present.join(', ')}.`);
  } else {
    for (const u of given.filter((u) => !current.includes(u))) ctx.out.warn(`User ${u} is not a member of group "${group?.name}" (${id}); skipped.`);
  }
  if (updated === undefined) {
    ctx.out.info(`Group "${group?.name}" is unchanged.`);
    await ctx.out.record(group, GROUP_VIEW);
    return;
  }
  if (isPlanned(updated)) return;
  const changed = Math.abs(next.length - current.length);
  ctx.out.info(`${mode === 'add' ? 'Added' : 'Removed'} ${changed} member${changed === 1 ? '' : 's'} ${mode === 'add' ? 'to' : 'from'} group "${updated?.name ?? group?.name}"; it has ${next.length} now.`);
  await ctx.out.record(updated, GROUP_VIEW);
}
