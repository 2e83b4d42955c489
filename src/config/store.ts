import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Env } from './env.js';

/** Keys an admin may set per profile with `epi config set`. */
export const PROFILE_SETTINGS = [
  'env',
  'org',
  'organization_api_url',
  'user_api_url',
  'partner_directory_api_url',
  'permissions_api_url',
] as const;
export type ProfileSetting = (typeof PROFILE_SETTINGS)[number];

export interface Profile extends Partial<Record<ProfileSetting, string>> {
  env?: Env;
  token?: string;
  /** Who the stored token belongs to, recorded at login so `auth status` needs no request. */
  email?: string;
}

interface ConfigShape {
  profiles?: Record<string, Profile>;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export function configDir(env: Record<string, string | undefined>): string {
  if (env.EPI_CONFIG_DIR) return env.EPI_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'epi');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'epi');
}

type ConfInstance = import('conf').default<ConfigShape>;

/**
 * Profiles and tokens, kept by conf in one JSON file (mode 0600, directory 0700).
 * Reading never writes; a file that cannot be read or trusted raises ConfigError and is left
 * exactly as it is, so stored tokens are never lost to a parse error.
 */
export class ConfigStore {
  private constructor(
    private readonly conf: ConfInstance,
    readonly path: string,
    private readonly data: ConfigShape,
    /** Warnings found while opening (e.g. a file readable by others), for the caller to show. */
    readonly warnings: string[],
  ) {}

  static async open(dir: string): Promise<ConfigStore> {
    const path = join(dir, 'config.json');
    const warnings = secureExisting(path);
    ensureDir(dir);
    const { default: Conf } = await import('conf');
    let conf: ConfInstance;
    let data: ConfigShape;
    // conf copies what it reads into a fresh object, so a file holding [], null or "text" would
    // pass for an empty config (and be overwritten by the next login): check what the file holds.
    let parsed: unknown = {};
    try {
      conf = new Conf<ConfigShape>({
        cwd: dir,
        configName: 'config',
        configFileMode: FILE_MODE,
        clearInvalidConfig: false,
        deserialize: (text) => (parsed = JSON.parse(text) as ConfigShape),
      });
      data = conf.store;
    } catch (error) {
      throw unreadable(path, error);
    }
    validateShape(path, parsed);
    return new ConfigStore(conf, path, data, warnings);
  }

  profileNames(): string[] {
    return Object.keys(this.data.profiles ?? {});
  }

  profile(name: string): Profile {
    return { ...this.data.profiles?.[name] };
  }

  /** Replaces one profile; other profiles are untouched. An empty profile is removed. */
  saveProfile(name: string, profile: Profile): void {
    const profiles = { ...this.data.profiles };
    const cleaned = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(cleaned).length === 0) delete profiles[name];
    else profiles[name] = cleaned;
    this.data.profiles = profiles;
    ensureDir(dirname(this.path));
    try {
      this.conf.store = this.data;
      chmodSync(this.path, FILE_MODE);
    } catch (error) {
      throw new ConfigError(`Could not write the config file ${this.path}: ${(error as Error).message}`, {
        hint: 'Check that the directory is writable, or point EPI_CONFIG_DIR at one that is.',
      });
    }
  }
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, DIR_MODE);
  } catch (error) {
    throw new ConfigError(`Could not create the config directory ${dir}: ${(error as Error).message}`, {
      hint: 'Set EPI_CONFIG_DIR to a writable directory.',
    });
  }
}

/** A config file others can read holds a token they can use: tighten it and say so. */
function secureExisting(path: string): string[] {
  const warnings: string[] = [];
  try {
    const st = statSync(path);
    if (st.isFile() && (st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8);
      chmodSync(path, FILE_MODE);
      warnings.push(`The config file ${path} was readable by others (mode ${mode}); epi set it to 600. Tokens stored in it may have been exposed: consider logging in again with a new token.`);
    }
  } catch {
    // No file yet, or one we cannot stat: open() reports the latter with a clear error.
  }
  return warnings;
}

function unreadable(path: string, error: unknown): ConfigError {
  const e = error as NodeJS.ErrnoException;
  const reason =
    e.code === 'EISDIR'
      ? 'it is a directory, not a file'
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.name === 'SyntaxError'
          ? 'it is not valid JSON (truncated or edited by hand?)'
          : e.message;
  return new ConfigError(`Cannot read the config file ${path}: ${reason}.`, {
    hint: 'Fix or move the file by hand; epi has not changed it, so stored tokens are kept. Set EPI_CONFIG_DIR to use another directory.',
  });
}

function validateShape(path: string, data: unknown): asserts data is ConfigShape {
  const fail = (what: string) =>
    new ConfigError(`The config file ${path} is invalid: ${what}.`, {
      hint: 'Fix the file by hand; epi has not changed it, so stored tokens are kept.',
    });
  if (!isPlainObject(data)) throw fail('the top level must be a JSON object');
  if (data.profiles === undefined) return;
  if (!isPlainObject(data.profiles)) throw fail('"profiles" must be an object');
  for (const [name, profile] of Object.entries(data.profiles)) {
    if (!isPlainObject(profile)) throw fail(`profiles.${name} must be an object`);
    for (const [key, value] of Object.entries(profile)) {
      if (typeof value !== 'string') throw fail(`profiles.${name}.${key} must be a string`);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
