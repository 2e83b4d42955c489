import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'partners',
  summary: 'Approve, invite and manage partner organizations and their users',
  verbs: [],
});
