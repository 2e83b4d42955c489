import { defineNoun } from '../define.js';

export default defineNoun({
  name: 'me',
  summary: 'Your own user: profile, settings, passkeys and roles',
  verbs: [],
});
