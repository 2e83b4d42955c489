import { defineNounBody } from '../define.js';
import create from './create.js';
import current from './current.js';
import featureCatalog from './feature-catalog.js';
import features from './features.js';
import get from './get.js';
import list from './list.js';
import switchOrg from './switch.js';
import update from './update.js';

export default defineNounBody({
  verbs: [current, get, update, features, featureCatalog, list, switchOrg, create],
});
