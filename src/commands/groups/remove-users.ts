import type { Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { changeMembers, type MembersOptions } from './members.js';

export const removeUsers = (ctx: Context, _opts: MembersOptions, id: string, userIds: string[]) => changeMembers(ctx, id, userIds, 'remove');

export default defineVerb<MembersOptions, [string, string[]]>({
  name: 'remove-users <id> <user-ids...>',
  summary: 'Remove users from a group (warns about ids that are not members)',
  description:
    'Remove users from a group: reads the group, drops the given ids and PATCHes the member list back.\nIds that are not members are reported and skipped; nothing is sent when none of them is a member.',
  json: true,
  dryRun: true,
  examples: ['epi groups remove-users 0b6c9d4e 10002'],
  run: removeUsers,
});
