import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'users',
  summary: 'List, invite, update and remove users',
  verbs: [],
});
