import auth from './auth/index.js';
import config from './config/index.js';
import type { Noun } from './define.js';
import org from './org/index.js';
import settings from './settings/index.js';

/** Every noun epi knows, in the order `epi --help` lists them. */
export const NOUNS: Noun[] = [auth, org, settings, config];
