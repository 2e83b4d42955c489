import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import type { Env } from './env.js';
import { checkConfigDir, checkConfigFile, removeStaleTempFiles } from './ownership.js';

/** Keys an admin may set per profile with `epi config set`. */
export const PROFILE_SETTINGS = [
  'env',
  'org',
  'organization_api_url',
  'user_api_url',
  'partner_directory_api_url',
  'permissions_api_url',
  'access_token_api_url',
  'audit_logs_api_url',
] as const;
export type ProfileSetting = (typeof PROFILE_SETTINGS)[number];

/** What epi records about the stored token. `auth logout` removes all of these together. */
export const CREDENTIAL_FIELDS = ['token', 'email', 'org_id', 'user_id', 'token_id'] as const;

export interface Profile extends Partial<Record<ProfileSetting, string>> {
  env?: Env;
  token?: string;
  /** Who the stored token belongs to, recorded at login so `auth status --offline` needs no request. */
  email?: string;
  /** The organization and user of the stored token, as the API confirmed them at login. */
  org_id?: string;
  user_id?: string;
  /** The id of the stored API access token (recorded by `epi tokens`), so it can be rotated or revoked. */
  token_id?: string;
}

/** The whole of the stored configuration. */
export interface ConfigShape {
  profiles?: Record<string, Profile>;
}

/**
 * Where a ConfigStore keeps its data: the config file (ConfigFile, what epi runs with), or memory
 * (tests of run functions, which need no directory). A write changes the data as it is stored now,
 * not as it was when the store was opened.
 */
export interface ConfigBacking {
  /** What messages name: the file's path. */
  readonly path: string;
  /** Applies `edit` to the data as stored now, stores the result and returns it. */
  write(edit: (fresh: ConfigShape) => void): Promise<ConfigShape>;
}

/** Profile names are plain words, so none can collide with object internals (`__proto__`) or paths. */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkProfileName(name: string, source: string): string {
  if (PROFILE_NAME.test(name)) return name;
  throw new UsageError(`Invalid profile name "${name}" (${source}).`, {
    hint: 'A profile name is 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit.',
  });
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * How long writers wait for each other. A write holds the lock for milliseconds; a lock left by a
 * killed process counts as stale after 10 s and is taken over, so the budget covers that too.
 */
const LOCK_OPTIONS = {
  stale: 10_000,
  retries: { retries: 60, minTimeout: 20, maxTimeout: 500, factor: 1.3, randomize: true },
};

export function configDir(env: Record<string, string | undefined>): string {
  if (env.EPI_CONFIG_DIR) return env.EPI_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'epi');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'epi');
}

/**
 * Profiles and tokens in one JSON file (mode 0600, directory 0700).
 *
 * Reads are a plain JSON.parse of that file, after the ownership checks in ownership.ts: a config
 * someone else could have written is refused before any request is sent. Reading never writes; a
 * file that cannot be read or trusted raises ConfigError and is left exactly as it is.
 *
 * Every write takes a lock (proper-lockfile), re-reads the file inside it and changes only what it
 * means to change, then writes atomically (atomically: temp file + rename, following a symlinked
 * file to its target). Parallel scripts therefore never lose each other's profiles.
 */
export class ConfigStore {
  private constructor(
    private readonly backing: ConfigBacking,
    private data: ConfigShape,
    /** Warnings found while opening (e.g. a file readable by others), for the caller to show. */
    readonly warnings: string[],
  ) {}

  static async open(dir: string): Promise<ConfigStore> {
    const file = new ConfigFile(join(dir, 'config.json'));
    checkConfigDir(dir);
    const warnings = checkConfigFile(file.path);
    return new ConfigStore(file, readConfig(file.path), warnings);
  }

  /** A store over another backing, holding `data` to begin with (tests keep profiles in memory). */
  static over(backing: ConfigBacking, data: ConfigShape): ConfigStore {
    return new ConfigStore(backing, data, []);
  }

  get path(): string {
    return this.backing.path;
  }

  profileNames(): string[] {
    return Object.keys(this.data.profiles ?? {});
  }

  hasProfile(name: string): boolean {
    return !!this.data.profiles && Object.hasOwn(this.data.profiles, name);
  }

  profile(name: string): Profile {
    return this.hasProfile(name) ? { ...this.data.profiles![name] } : {};
  }

  /**
   * Changes one profile under the lock: `change` gets the profile as it is on disk now (not as it
   * was when epi started) and returns its new content. Empty fields are dropped; an empty profile
   * is removed. Returns the profile as written.
   */
  async updateProfile(name: string, change: (current: Profile) => Profile): Promise<Profile> {
    checkProfileName(name, 'profile');
    let written: Profile = {};
    await this.update((profiles) => {
      written = cleaned(change(Object.hasOwn(profiles, name) ? { ...profiles[name] } : {}));
      if (Object.keys(written).length === 0) delete profiles[name];
      else profiles[name] = written;
    });
    return written;
  }

  /**
   * Removes the stored token and what epi recorded about it from the named profiles (all of them
   * when `names` is undefined), under the lock. Returns the profiles that held a token, so a
   * logout reports exactly what it removed from the file as it is now.
   */
  async removeCredentials(names?: string[]): Promise<string[]> {
    return this.update((profiles) => {
      const removed: string[] = [];
      for (const name of names ?? Object.keys(profiles)) {
        if (!Object.hasOwn(profiles, name) || !profiles[name]!.token) continue;
        const rest = { ...profiles[name] };
        for (const field of CREDENTIAL_FIELDS) delete rest[field];
        if (Object.keys(rest).length === 0) delete profiles[name];
        else profiles[name] = rest;
        removed.push(name);
      }
      return removed;
    });
  }

  /**
   * The one write path: `change` edits the profiles as stored now (ConfigFile: freshly read under
   * the lock) in place and may return a value (e.g. which profiles it changed).
   */
  async update<T>(change: (profiles: Record<string, Profile>) => T): Promise<T> {
    let result!: T;
    this.data = await this.backing.write((fresh) => {
      const profiles = { ...fresh.profiles };
      result = change(profiles);
      fresh.profiles = profiles;
    });
    return result;
  }
}

/**
 * The config file: lock, re-read, change, write atomically, unlock. The file is checked again
 * inside the lock, since it may have changed (or been replaced) since epi opened it.
 */
class ConfigFile implements ConfigBacking {
  constructor(readonly path: string) {}

  async write(edit: (fresh: ConfigShape) => void): Promise<ConfigShape> {
    const dir = dirname(this.path);
    ensureDir(dir);
    const [{ default: lockfile }, { writeFileSync }] = await Promise.all([import('proper-lockfile'), import('atomically')]);
    let compromised: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, {
        ...LOCK_OPTIONS,
        realpath: false,
        lockfilePath: `${this.path}.lock`,
        onCompromised: (error) => {
          compromised = error;
        },
      });
    } catch (error) {
      throw new ConfigError(`Could not lock the config file ${this.path}: ${(error as Error).message}.`, {
        hint: `Another epi process may be stuck; if none is running, remove ${this.path}.lock.`,
      });
    }
    try {
      checkConfigDir(dir);
      checkConfigFile(this.path);
      const fresh = readConfig(this.path);
      edit(fresh);
      removeStaleTempFiles(this.path);
      try {
        writeFileSync(this.path, `${JSON.stringify(fresh, null, 2)}\n`, { mode: FILE_MODE });
      } catch (error) {
        throw new ConfigError(`Could not write the config file ${this.path}: ${(error as Error).message}`, {
          hint: 'Check that the directory is writable, or point EPI_CONFIG_DIR at one that is.',
        });
      }
      if (compromised) {
        throw new ConfigError(`Lost the lock on ${this.path} while writing: ${compromised.message}.`, {
          hint: 'Another process took over the lock; run the command again.',
        });
      }
      return fresh;
    } finally {
      await release().catch(() => undefined);
    }
  }
}

function cleaned(profile: Profile): Profile {
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== '')) as Profile;
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    throw new ConfigError(`Could not create the config directory ${dir}: ${(error as Error).message}`, {
      hint: 'Set EPI_CONFIG_DIR to a writable directory.',
    });
  }
}

function readConfig(path: string): ConfigShape {
  let data: unknown = {};
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(path, error);
  }
  validateShape(path, data);
  return data;
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
