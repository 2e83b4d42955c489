import { defineNounBody } from '../define.js';
import remove from './delete.js';
import get from './get.js';
import groups from './groups.js';
import invite from './invite.js';
import list from './list.js';
import offboard from './offboard.js';
import resendInvite from './resend-invite.js';
import resetPassword from './reset-password.js';
import roles from './roles.js';
import setRoles from './set-roles.js';
import update from './update.js';

export default defineNounBody({
  verbs: [list, get, invite, update, remove, resendInvite, resetPassword, groups, roles, setRoles, offboard],
});
