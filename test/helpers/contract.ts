/**
 * Checks the requests of command tests (see run.ts) against the OpenAPI documents shipped in
 * epilot's npm packages, with the emulator's checker (src/emulator/contract.ts): one validator,
 * whether the request goes to nock or to the emulator. This file only knows the real hosts.
 */
import type { Service } from '../../src/config/env.js';
import { checkOperation, type CheckedRequest } from '../../src/emulator/contract.js';

export { checkAnyService, findOperation, SPECS, templateRegex, UNPUBLISHED } from '../../src/emulator/contract.js';
export type RecordedRequest = CheckedRequest;

export const HOSTS: Record<string, Service> = {
  'organization-v2.sls.epilot.io': 'organization',
  'user.sls.epilot.io': 'user',
  'partner-directory-api.sls.epilot.io': 'partner-directory',
  'permissions.sls.epilot.io': 'permissions',
  'access-token.sls.epilot.io': 'access-token',
  'audit-logs.sls.epilot.io': 'audit-logs',
};

/** Returns what is wrong with a request, or an empty list when the spec allows it. */
export function checkRequest(req: RecordedRequest): string[] {
  const url = new URL(req.url);
  const service = HOSTS[url.host];
  if (!service) return [];
  return checkOperation(service, req.method, url, req.body);
}
