import { getGroup, updateGroup } from '../../api/user-groups.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { resolveUserIds } from '../../resolve/users.js';
import { GROUP_VIEW, memberIds } from './view.js';

export type MembersOptions = CommonFlags;

/**
 * Read-modify-write of a group's members: the API only takes the whole user_ids list, so the group
 * is read, changed and PATCHed back. A change made by someone else between the read and the write
 * is overwritten. No PATCH is sent when nothing changes.
 */
export async function changeMembers(ctx: Context, id: string, userRefs: string[], mode: 'add' | 'remove'): Promise<void> {
  const http = await ctx.http();
  const given = [...new Set(await resolveUserIds(http, userRefs, { flag: '<user>' }))];
  const group = await getGroup(http, id);
  const current = memberIds(group);
  const members = new Set(current);
  let next: string[];
  if (mode === 'add') {
    const present = given.filter((u) => members.has(u));
    if (present.length) ctx.out.info(`Already in group "${group?.name}": ${present.join(', ')}.`);
    next = [...current, ...given.filter((u) => !members.has(u))];
  } else {
    const absent = given.filter((u) => !members.has(u));
    for (const u of absent) ctx.out.warn(`User ${u} is not a member of group "${group?.name}" (${id}); skipped.`);
    const removing = new Set(given);
    next = current.filter((u) => !removing.has(u));
  }
  // add only appends and remove only drops, so an unchanged length means an unchanged list.
  if (next.length === current.length) {
    ctx.out.info(`Group "${group?.name}" is unchanged.`);
    await ctx.out.record(group, GROUP_VIEW);
    return;
  }
  const updated = await updateGroup(http, id, { user_ids: next });
  if (isPlanned(updated)) return;
  const changed = Math.abs(next.length - current.length);
  ctx.out.info(`${mode === 'add' ? 'Added' : 'Removed'} ${changed} member${changed === 1 ? '' : 's'} ${mode === 'add' ? 'to' : 'from'} group "${updated?.name ?? group?.name}"; it has ${next.length} now.`);
  await ctx.out.record(updated, GROUP_VIEW);
}
