import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'invites',
  summary: 'Check, accept or reject a user invitation token (no login needed)',
  verbs: [],
});
