import { defineNoun } from '../define.js';
import login from './login.js';
import logout from './logout.js';
import status from './status.js';
import token from './token.js';

export default defineNoun({
  name: 'auth',
  summary: 'Log in, check who you are, log out',
  verbs: [login, status, logout, token],
});
