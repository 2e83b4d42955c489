import type { Command } from '@commander-js/extra-typings';
import { createGroup } from '../../api/user-groups.js';
import { isPlanned } from '../../api/types.js';
import type { Context } from '../../context.js';
import { resolveUserIds } from '../../resolve/users.js';
import { defineVerb } from '../define.js';
import { USER_FLAG } from '../flags.js';
import { createGroupBody, groupFlags, type GroupFlags } from './body.js';
import { GROUP_VIEW } from './view.js';

export interface CreateGroupOptions extends GroupFlags {
  user?: string[];
}

export async function create(ctx: Context, o: CreateGroupOptions): Promise<void> {
  const body = await createGroupBody(o, ctx.io, o.user);
  const http = await ctx.http();
  // Members by email (from --user or a file's user_ids) become ids; the body is checked before any lookup.
  if (body.user_ids?.length) body.user_ids = await resolveUserIds(http, body.user_ids, { flag: o.user?.length ? '--user' : 'user_ids' });
  const group = await createGroup(http, body);
  if (isPlanned(group)) return;
  ctx.out.info(`Created group "${group?.name}" (${group?.id}).`);
  await ctx.out.record(group, GROUP_VIEW);
}

export default defineVerb({
  name: 'create',
  summary: 'Create a user group',
  json: true,
  dryRun: true,
  flags: (cmd: Command) => groupFlags(cmd).option(...USER_FLAG),
  examples: ['epi groups create --name Finance --user 10001 --user bea@acme.example --abbreviation FN', 'epi groups create --name Sales --color 0588f0 --color 3358d4', 'epi groups create --from-file group.json'],
  run: create,
});
