import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'roles',
  summary: 'Manage roles, grants and role assignments',
  verbs: [],
});
