import { defineNounBody } from '../define.js';
import list from './list.js';
import login from './login.js';
import logout from './logout.js';
import status from './status.js';
import token from './token.js';

export default defineNounBody({
  verbs: [login, status, list, logout, token],
});
