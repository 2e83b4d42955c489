import { defineNounBody } from '../define.js';
import create from './create.js';
import list from './list.js';
import revoke from './revoke.js';
import rotate from './rotate.js';

export default defineNounBody({
  description: `API access tokens for scripts and CI (Access Token API).

A token is shown once, when it is created. For CI, store it straight in a profile instead:
  epi tokens create --name "CI deploy" --role deployer --expires-in 30d --save-profile ci
  epi --profile ci users list
  epi tokens rotate --profile ci`,
  verbs: [list, create, revoke, rotate],
});
