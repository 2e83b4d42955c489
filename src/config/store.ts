import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * Profiles and tokens in one JSON file (mode 0600, directory 0700), written by conf.
 * Reads are a plain JSON.parse of that file: conf pulls in ajv, about 30 ms of start-up that
 * every read-only command would pay for nothing. Reading never writes; a file that cannot be
 * read or trusted raises ConfigError and is left exactly as it is, so tokens are never lost.
 */
export class ConfigStore {
  private constructor(
    readonly path: string,
    private readonly data: ConfigShape,
    /** Warnings found while opening (e.g. a file readable by others), for the caller to show. */
    readonly warnings: string[],
  ) {}

  static async open(dir: string): Promise<ConfigStore> {
    const path = join(dir, 'config.json');
    const warnings = secureExisting(path);
    let data: unknown = {};
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(path, error);
    }
    validateShape(path, data);
    return new ConfigStore(path, data, warnings);
  }

  profileNames(): string[] {
    return Object.keys(this.data.profiles ?? {});
  }

  profile(name: string): Profile {
    return { ...this.data.profiles?.[name] };
  }

  /** Replaces one profile; other profiles are untouched. An empty profile is removed. */
  async saveProfile(name: string, profile: Profile): Promise<void> {
    const profiles = { ...this.data.profiles };
    const cleaned = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(cleaned).length === 0) delete profiles[name];
    else profiles[name] = cleaned;
    this.data.profiles = profiles;
    const dir = dirname(this.path);
    ensureDir(dir);
    try {
      const { default: Conf } = await import('conf');
      // conf writes atomically (temp file + rename) with the mode we give it.
      const conf = new Conf<ConfigShape>({ cwd: dir, configName: 'config', configFileMode: FILE_MODE, clearInvalidConfig: false });
      conf.store = this.data;
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

/**
 * A config file others can read holds a token they can use: tighten it and say so. A directory
 * others can enter is tightened too (quietly: no token was exposed through it alone).
 */
function secureExisting(path: string): string[] {
  const warnings: string[] = [];
  try {
    const dir = statSync(dirname(path));
    if (dir.isDirectory() && (dir.mode & 0o077) !== 0) chmodSync(dirname(path), DIR_MODE);
  } catch {
    // No directory yet: saveProfile creates it with 0700.
  }
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
  const reasons: Record<string, string> = {
    ENOTDIR: `${dirname(path)} is a file, not a directory`,
    EISDIR: 'it is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  const reason = (e.code && reasons[e.code]) || (e.name === 'SyntaxError' ? 'it is not valid JSON (truncated or edited by hand?)' : e.message);
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
