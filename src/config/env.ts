import { UsageError } from '../errors.js';
import type { Profile, ProfileSetting } from './store.js';

/** `local` is the emulator inside epi (src/emulator): invented data, no network, no account. */
export const ENVS = ['prod', 'staging', 'dev', 'local'] as const;
export type Env = (typeof ENVS)[number];

export const SERVICES = ['organization', 'user', 'partner-directory', 'permissions', 'access-token', 'audit-logs'] as const;
export type Service = (typeof SERVICES)[number];

interface ServiceInfo {
  /** Subdomain under sls.epilot.io. */
  host: string;
  envVar: string;
  profileKey: Exclude<ProfileSetting, 'env' | 'org'>;
}

export const SERVICE_INFO: Record<Service, ServiceInfo> = {
  organization: { host: 'organization-v2', envVar: 'EPILOT_ORGANIZATION_API_URL', profileKey: 'organization_api_url' },
  user: { host: 'user', envVar: 'EPILOT_USER_API_URL', profileKey: 'user_api_url' },
  'partner-directory': {
    host: 'partner-directory-api',
    envVar: 'EPILOT_PARTNER_DIRECTORY_API_URL',
    profileKey: 'partner_directory_api_url',
  },
  permissions: { host: 'permissions', envVar: 'EPILOT_PERMISSIONS_API_URL', profileKey: 'permissions_api_url' },
  'access-token': { host: 'access-token', envVar: 'EPILOT_ACCESS_TOKEN_API_URL', profileKey: 'access_token_api_url' },
  'audit-logs': { host: 'audit-logs', envVar: 'EPILOT_AUDIT_LOGS_API_URL', profileKey: 'audit_logs_api_url' },
};

export function parseEnv(value: string, source: string): Env {
  if ((ENVS as readonly string[]).includes(value)) return value as Env;
  throw new UsageError(`Invalid ${source} "${value}": expected one of ${ENVS.join(', ')}.`);
}

/** Base URL of a service: env var, then profile, then the default host for the environment. */
export function baseUrl(service: Service, env: Env, profile: Profile, vars: Record<string, string | undefined>): string {
  const info = SERVICE_INFO[service];
  // The emulator answers in-process (see Context.loadHttp); this host is never resolved.
  if (env === 'local') return LOCAL_BASE_URL;
  const fromVar = vars[info.envVar];
  if (fromVar) return checkBaseUrl(fromVar, info.envVar);
  const fromProfile = profile[info.profileKey];
  if (fromProfile) return checkBaseUrl(fromProfile, `profile setting ${info.profileKey}`);
  const suffix = env === 'prod' ? '' : `.${env}`;
  return `https://${info.host}${suffix}.sls.epilot.io`;
}

export const LOCAL_BASE_URL = 'http://emulator.local';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A token must never travel in clear text: plain http is allowed only to this machine,
 * which is what local fakes and tunnels use.
 */
export function checkBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} is not a valid URL: "${value}".`, { hint: 'Use a full URL such as https://user.sls.epilot.io.' });
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new UsageError(`Refusing plain http:// for ${url.host} (${source}): the token would be sent unencrypted.`, {
      hint: 'Use an https:// URL; http:// is accepted only for loopback hosts (localhost, 127.0.0.1, [::1]).',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http(s) URL, got "${value}".`);
  }
  return value.replace(/\/+$/, '');
}
