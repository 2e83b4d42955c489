import api from './api.js';
import auth from './auth/index.js';
import completion from './completion.js';
import config from './config/index.js';
import type { Noun, Verb } from './define.js';
import groups from './groups/index.js';
import invites from './invites/index.js';
import me from './me/index.js';
import navigations from './navigations/index.js';
import org from './org/index.js';
import partners from './partners/index.js';
import roles from './roles/index.js';
import settings from './settings/index.js';
import users from './users/index.js';

/** Every noun epi knows, in the order `epi --help` lists them. */
export const NOUNS: Noun[] = [auth, org, settings, users, me, groups, roles, partners, invites, navigations, config];

/** Verbs that stand alone under epi, listed after the nouns. */
export const VERBS: Array<Verb<any, any>> = [api, completion];
