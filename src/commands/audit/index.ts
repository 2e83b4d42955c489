import { defineNounBody } from '../define.js';
import get from './get.js';
import list from './list.js';
import tail from './tail.js';

export default defineNounBody({
  description: `Your organization's audit log (Audit Logs API): who did what, when, with what outcome.

Reading it needs the audit_log:view permission, on an epilot enterprise plan.`,
  verbs: [list, get, tail],
});
