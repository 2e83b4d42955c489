import type { Router } from './server.js';

export function registerPartnerDirectory(router: Router): void {
  void router;
}
