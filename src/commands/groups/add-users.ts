import type { Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { changeMembers, type MembersOptions } from './members.js';

export const addUsers = (ctx: Context, _opts: MembersOptions, id: string, users: string[]) => changeMembers(ctx, id, users, 'add');

export default defineVerb({
  name: 'add-users <id> <user...>',
  summary: 'Add users to a group (members already in it are kept once)',
  description: `Add users to a group: reads the group, adds the users that are not members yet and PATCHes the member list back.
Nothing is sent when every user is already a member. --dry-run still reads the group.
${USER_ARG_HELP} Emails are all looked up first; an unknown one stops the command (exit 3) before anything is sent.`,
  json: true,
  dryRun: true,
  examples: ['epi groups add-users 0b6c9d4e 10001 10002', 'epi groups add-users 0b6c9d4e bea@acme.example 10003 --dry-run'],
  run: addUsers,
});
