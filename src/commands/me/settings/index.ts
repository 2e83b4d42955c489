import { defineNoun } from '../../define.js';
import remove from './delete.js';
import get from './get.js';
import list from './list.js';
import put from './put.js';

export default defineNoun({
  name: 'settings',
  summary: 'List, read, write and delete your own user settings',
  verbs: [list, get, put, remove],
});
