import { defineNounBody } from '../define.js';
import passkeys from './passkeys/index.js';
import roles from './roles.js';
import settings from './settings/index.js';
import show from './show.js';

export default defineNounBody({
  description: 'Your own user: profile, settings, passkeys and roles. `epi me` on its own shows your user.',
  default: show,
  verbs: [roles],
  nouns: [settings, passkeys],
});
