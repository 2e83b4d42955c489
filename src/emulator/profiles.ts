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
    // Decided under the config lock, on the file as it is now: a profile that exists stays as it is.
    await config.updateProfile(name, (current) => {
      if (Object.keys(current).length) return current;
      created.push(name);
      return { env: 'local', org };
    });
  }
  return created;
}
