import { defineNoun } from '../../define.js';
import remove from './delete.js';
import list from './list.js';

export default defineNoun({
  name: 'passkeys',
  summary: 'List and delete your passkeys',
  verbs: [list, remove],
});
