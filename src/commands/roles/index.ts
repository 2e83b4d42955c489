import { defineNounBody } from '../define.js';
import assign from './assign.js';
import assignments from './assignments.js';
import create from './create.js';
import remove from './delete.js';
import get from './get.js';
import list from './list.js';
import members from './members.js';
import refresh from './refresh.js';
import search from './search.js';
import unassign from './unassign.js';
import update from './update.js';

export default defineNounBody({
  description: `Manage roles, grants and role assignments.

Roles of your organization live in the Permissions API. With --partner <partner-org-id>, list, create, update
and delete act on that partner organization's roles through the Partner Directory API instead.`,
  verbs: [list, search, get, create, update, remove, assign, unassign, assignments, members, refresh],
});
