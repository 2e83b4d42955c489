import { defineNounBody } from '../define.js';
import accept from './accept.js';
import check from './check.js';
import reject from './reject.js';

export default defineNounBody({
  verbs: [check, accept, reject],
});
