import { defineNoun } from '../define.js';
import get from './get.js';
import list from './list.js';
import set from './set.js';
import unset from './unset.js';

export default defineNoun({
  name: 'config',
  summary: 'Read and write per-profile settings: env, org and API URLs',
  verbs: [list, get, set, unset],
});
