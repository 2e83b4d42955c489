import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'groups',
  summary: 'Manage user groups and their members',
  verbs: [],
});
