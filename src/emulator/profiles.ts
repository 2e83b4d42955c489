import type { ConfigStore } from '../config/store.js';
import { DEMO } from './tokens.js';

/** The emulator's two orgs as profiles, so `epi diff @local-sandbox @local-prod` works out of the box. */
export const DEMO_PROFILES = [
  ['local-prod', DEMO.prodOrg],
  ['local-sandbox', DEMO.sandboxOrg],
] as const;

/** Creates the demo profiles that do not exist yet (never touching one the user has); returns their names. */
export async function createDemoProfiles(config: ConfigStore): Promise<string[]> {
  const created: string[] = [];
  for (const [name, org] of DEMO_PROFILES) {
    if (config.profileNames().includes(name)) continue;
    await config.saveProfile(name, { env: 'local', org });
    created.push(name);
  }
  return created;
}
