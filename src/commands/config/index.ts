import { defineNounBody } from '../define.js';
import get from './get.js';
import list from './list.js';
import set from './set.js';
import unset from './unset.js';

export default defineNounBody({
  verbs: [list, get, set, unset],
});
