import { defineNoun } from '../../define.js';
import assignRoles from './assign-roles.js';
import create from './create.js';
import remove from './delete.js';
import list from './list.js';
import unassignRoles from './unassign-roles.js';

export default defineNoun({
  name: 'users',
  summary: "Manage a partner organization's users and their roles",
  verbs: [list, create, remove, assignRoles, unassignRoles],
});
