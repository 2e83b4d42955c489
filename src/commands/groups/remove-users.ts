import type { Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { USER_ARG_HELP } from '../flags.js';
import { changeMembers, type MembersOptions } from './members.js';

export const removeUsers = (ctx: Context, _opts: MembersOptions, id: string, users: string[]) => changeMembers(ctx, id, users, 'remove');

export default defineVerb({
  name: 'remove-users <id> <user...>',
  summary: 'Remove users from a group (warns about users that are not members)',
  description: `Remove users from a group: reads the group, drops the given users and PATCHes the member list back.
Users that are not members are reported and skipped; nothing is sent when none of them is a member.
${USER_ARG_HELP} Emails are all looked up first; an unknown one stops the command (exit 3) before anything is sent.`,
  json: true,
  dryRun: true,
  examples: ['epi groups remove-users 0b6c9d4e 10002', 'epi groups remove-users 0b6c9d4e bea@acme.example --dry-run'],
  run: removeUsers,
});
