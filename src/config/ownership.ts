import { chmodSync, lstatSync, readdirSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * The rules ssh applies to ~/.ssh/config, for the file that holds epi's tokens and API URLs:
 * whoever can write it decides where the next token is sent. So the directory and the file (the
 * target of a symlinked file included) must belong to the user running epi, and nobody else may
 * write them. epi tightens modes only on what it owns, and refuses, before any request, what it
 * cannot make safe, in one line that names the path and the fix.
 */

/** The uid epi runs as; undefined where there are no uids (Windows), and then nothing is checked. */
const myUid = (): number | undefined => process.getuid?.();

const GROUP_OR_OTHERS_WRITE = 0o022;
const GROUP_OR_OTHERS_ANY = 0o077;

function refuse(path: string, problem: string, fix: string): ConfigError {
  return new ConfigError(`Bad owner or permissions on ${path}: ${problem}; fix: ${fix}.`);
}

/** Missing, or not statable (ENOTDIR, EACCES): the reader then reports the file's name and the reason. */
function statOrUndefined(stat: (p: string) => Stats, path: string): Stats | undefined {
  try {
    return stat(path);
  } catch {
    return undefined;
  }
}

function checkOwner(path: string, st: Stats, uid: number): void {
  if (st.uid !== uid) {
    throw refuse(path, `owned by uid ${st.uid}, but epi runs as uid ${uid}`, `\`chown ${uid} ${path}\` if you trust its contents, else remove it, or set EPI_CONFIG_DIR to a directory you own`);
  }
}

/** The config directory: ours, and writable by nobody else (tightened to 0700 when it is ours). */
export function checkConfigDir(dir: string): void {
  const uid = myUid();
  if (uid === undefined) return;
  const st = statOrUndefined(statSync, dir);
  if (!st?.isDirectory()) return;
  checkOwner(dir, st, uid);
  if ((st.mode & GROUP_OR_OTHERS_ANY) === 0) return;
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    if (st.mode & GROUP_OR_OTHERS_WRITE) {
      throw refuse(dir, `writable by group or others (mode ${mode(st)}) and epi could not change that (${(error as NodeJS.ErrnoException).code})`, `\`chmod 700 ${dir}\``);
    }
  }
}

/**
 * The config file: ours and not writable by others. A symlink is followed, and its target must
 * pass the same rule (and sit in a directory nobody else can write). Returns warnings to show.
 */
export function checkConfigFile(path: string): string[] {
  const uid = myUid();
  if (uid === undefined) return [];
  const link = statOrUndefined(lstatSync, path);
  if (!link) return [];
  let target = path;
  let st = link;
  if (link.isSymbolicLink()) {
    try {
      target = realpathSync(path);
    } catch {
      throw refuse(path, 'it is a symlink to a file that does not exist', `remove the link, or point it at your config file`);
    }
    st = statSync(target);
    const targetDir = statSync(dirname(target));
    if (targetDir.uid !== uid && targetDir.uid !== 0) {
      throw refuse(dirname(target), `the config file's target directory is owned by uid ${targetDir.uid}`, `move the file into a directory you own`);
    }
    if (targetDir.mode & GROUP_OR_OTHERS_WRITE) {
      throw refuse(dirname(target), `the config file's target directory is writable by group or others (mode ${mode(targetDir)})`, `\`chmod go-w ${dirname(target)}\``);
    }
  }
  if (!st.isFile()) return [];
  checkOwner(target, st, uid);
  if ((st.mode & GROUP_OR_OTHERS_ANY) === 0) return [];
  try {
    chmodSync(target, 0o600);
  } catch (error) {
    throw refuse(target, `readable or writable by others (mode ${mode(st)}) and epi could not change that (${(error as NodeJS.ErrnoException).code})`, `\`chmod 600 ${target}\``);
  }
  return st.mode & 0o044
    ? [`The config file ${target} was readable by others (mode ${mode(st)}); epi set it to 600. Tokens stored in it may have been exposed: consider logging in again with a new token.`]
    : [];
}

/**
 * Temp files (`config.json.tmp-<digits><hex>`, atomically's naming) are renamed over the config
 * file on success and removed on a normal exit; a killed process leaves one behind, holding
 * tokens. Called under the write lock, when no other epi is writing one, so every match is stale.
 */
export function removeStaleTempFiles(path: string): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // No file yet: temp files would sit next to the path itself.
  }
  const dir = dirname(target);
  const stale = new RegExp(`^${escape(basename(target))}\\.tmp-\\d{10}[0-9a-f]{6}$`);
  const uid = myUid();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!stale.test(name)) continue;
    const file = join(dir, name);
    const st = statOrUndefined(lstatSync, file);
    // Never delete what is not a plain file of ours.
    if (!st?.isFile() || (uid !== undefined && st.uid !== uid)) continue;
    try {
      unlinkSync(file);
    } catch {
      // Gone already, or not ours to remove: the next write tries again.
    }
  }
}

function mode(st: Stats): string {
  return (st.mode & 0o777).toString(8);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
