import type { Router } from './server.js';

/** Me (settings, passkeys), groups, navigations, invite tokens and public sign-up. */
export function registerUserExtra(router: Router): void {
  void router;
}
