import { defineNounBody } from '../define.js';
import reset from './reset.js';
import serve from './serve.js';

export default defineNounBody({
  description: [
    'A local, invented stand-in for epilot: `--env local` runs any command against it inside epi, with no account',
    'and no network. Its data lives in emulator.json in the config directory; the profiles local-prod and',
    'local-sandbox point at its two organizations.',
  ].join('\n'),
  verbs: [reset, serve],
});
