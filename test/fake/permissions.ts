import type { Router } from './server.js';

export function registerPermissions(router: Router): void {
  void router;
}
