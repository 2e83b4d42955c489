import { defineNounBody } from '../define.js';
import activate from './activate.js';
import approve from './approve.js';
import geocode from './geocode.js';
import get from './get.js';
import invitation from './invitation.js';
import invite from './invite.js';
import reject from './reject.js';
import search from './search.js';
import users from './users/index.js';

export default defineNounBody({
  description:
    'Approve, invite and manage partner organizations and their users (Partner Directory API).\nFor the roles of a partner organization, see `epi roles --help` (--partner).',
  verbs: [approve, reject, invite, invitation, activate, search, get, geocode],
  nouns: [users],
});
