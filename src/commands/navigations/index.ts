import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'navigations',
  summary: 'Create and read saved navigations',
  verbs: [],
});
