import { advanceUserAssignment } from '../../api/user-groups.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { ApiError } from '../../errors.js';
import { defineVerb } from '../define.js';
import { GROUP_VIEW } from './view.js';

export async function next(ctx: Context, _opts: CommonFlags, id: string): Promise<void> {
  let group;
  try {
    group = await advanceUserAssignment(await ctx.http(), id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) {
      throw new ApiError(error.message, error.method, error.url, error.status, error.serverMessage, {
        hint: `The group has no members to assign. Add some with \`epi groups add-users ${id} <user...>\`.`,
      });
    }
    throw error;
  }
  if (isPlanned(group)) return;
  const assignee = group.crt_assignee;
  ctx.out.info(`Next assignee of group "${group.name}": ${assignee?.display_name ?? assignee?.email ?? assignee?.id ?? 'none'}.`);
  await ctx.out.record(group, GROUP_VIEW);
}

export default defineVerb({
  name: 'next <id>',
  summary: 'Advance the round-robin assignee of a group to the next member',
  description:
    'Advance the group\'s current assignee (crt_assignee) to the next member in line (POST /v1/groups/{id}/user:next),\nas a workflow task assignment would, and print the group.',
  json: true,
  dryRun: true,
  examples: ['epi groups next 0b6c9d4e', 'epi groups next 0b6c9d4e --json crt_assignee.id'],
  run: next,
});
