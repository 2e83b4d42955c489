import { defineNounBody } from '../define.js';
import create from './create.js';
import get from './get.js';

export default defineNounBody({
  verbs: [create, get],
});
