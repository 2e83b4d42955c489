import type { Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { changeMembers, type MembersOptions } from './members.js';

export const addUsers = (ctx: Context, _opts: MembersOptions, id: string, userIds: string[]) => changeMembers(ctx, id, userIds, 'add');

export default defineVerb<MembersOptions, [string, string[]]>({
  name: 'add-users <id> <user-ids...>',
  summary: 'Add users to a group (members already in it are kept once)',
  description:
    'Add users to a group: reads the group, adds the ids that are not members yet and PATCHes the member list back.\nNothing is sent when every user is already a member. --dry-run still reads the group.',
  json: true,
  dryRun: true,
  examples: ['epi groups add-users 0b6c9d4e 10001 10002', 'epi groups add-users 0b6c9d4e 10003 --dry-run'],
  run: addUsers,
});
