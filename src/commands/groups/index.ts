import { defineNounBody } from '../define.js';
import addUsers from './add-users.js';
import create from './create.js';
import remove from './delete.js';
import get from './get.js';
import list from './list.js';
import next from './next.js';
import removeUsers from './remove-users.js';
import update from './update.js';

export default defineNounBody({
  verbs: [list, get, create, update, remove, addUsers, removeUsers, next],
});
