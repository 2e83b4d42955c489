import { defineNoun } from '../define.js';
import accept from './accept.js';
import check from './check.js';
import reject from './reject.js';

export default defineNoun({
  name: 'invites',
  summary: 'Check, accept or reject a user invitation token (no login needed)',
  verbs: [check, accept, reject],
});
