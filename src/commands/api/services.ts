import { SERVICES, type Service } from '../../config/env.js';
import { UsageError } from '../../errors.js';
import { oneOf } from '../../input.js';

/** Which API serves a path, by its first segments; the APIs' prefixes do not overlap. */
export const PATH_PREFIXES: ReadonlyArray<readonly [string, Service]> = [
  ['/v2/organization', 'organization'],
  ['/v2/feature-settings', 'organization'],
  ['/v1/users', 'user'],
  ['/v2/users', 'user'],
  ['/v1/groups', 'user'],
  ['/v2/user', 'user'],
  ['/v1/partners', 'partner-directory'],
  ['/v2/partners', 'partner-directory'],
  ['/v1/partner-directory', 'partner-directory'],
  ['/v1/geolocation', 'partner-directory'],
  ['/v1/permissions', 'permissions'],
  ['/v1/access-tokens', 'access-token'],
  ['/v1/logs', 'audit-logs'],
];

/**
 * The service a path belongs to. A prefix matches whole segments only, so `/v2/user` covers
 * `/v2/user/navigations` but not `/v2/username`; `/v2/users:sendPasswordReset` belongs to `/v2/users`.
 */
export function serviceForPath(path: string): Service | undefined {
  const bare = path.split(/[?#]/, 1)[0]!;
  for (const [prefix, service] of PATH_PREFIXES) {
    if (bare === prefix) return service;
    if (bare.startsWith(prefix) && '/:'.includes(bare[prefix.length]!)) return service;
  }
  return undefined;
}

/** --service wins; otherwise the path decides, and an unknown path names the way out. */
export function pickService(path: string, flag: string | undefined): Service {
  if (flag !== undefined) return oneOf(flag, SERVICES, '--service');
  const service = serviceForPath(path);
  if (service) return service;
  throw new UsageError(`Cannot tell which API serves "${path}".`, {
    hint: `Pass --service with one of: ${SERVICES.join(', ')}. Known path prefixes: ${PATH_PREFIXES.map(([p]) => p).join(', ')}.`,
  });
}
