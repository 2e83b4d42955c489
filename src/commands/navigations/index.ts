import { defineNoun } from '../define.js';
import create from './create.js';
import get from './get.js';

export default defineNoun({
  name: 'navigations',
  summary: 'Create and read saved navigations',
  verbs: [create, get],
});
