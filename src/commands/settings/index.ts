import { defineNounBody } from '../define.js';
import remove from './delete.js';
import get from './get.js';
import list from './list.js';
import put from './put.js';

export default defineNounBody({
  verbs: [list, get, put, remove],
});
