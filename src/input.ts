import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import type { IO } from './runtime.js';

/** Reads a file named by a flag; a missing or unreadable file is a usage error naming both. */
export function readTextFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw cannotRead(path, flag, error);
  }
}

/** The usage error for a file a flag names that cannot be read. */
export function cannotRead(path: string, flag: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
  return new UsageError(`Cannot read ${flag} file "${path}": ${why}.`);
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}.`);
  }
}

/** What a flag's input is called in messages: `--from-file file "x.json"` or `--from-file from stdin`. */
export const inputName = (path: string, flag: string): string => (path === '-' ? `${flag} from stdin` : `${flag} file "${path}"`);

/** The text of a file named by a flag, or of stdin for "-" (`--from-file <path|->`, `--input -`, `-F k=@-`). */
export function readInput(path: string, flag: string, io: IO): Promise<string> {
  return path === '-' ? readStdin(io, flag) : Promise.resolve(readTextFile(path, flag));
}

export async function readJsonInput(path: string, flag: string, io: IO): Promise<unknown> {
  return parseJson(await readInput(path, flag, io), inputName(path, flag));
}

/** A JSON object from --from-file (a path, or - for stdin), for commands that send a whole body. */
export async function readJsonObjectInput(path: string, io: IO, flag = '--from-file'): Promise<Record<string, unknown>> {
  const value = await readJsonInput(path, flag, io);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${inputName(path, flag)} must contain a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Everything on stdin, for --with-token, --password-stdin and --input -. */
export async function readStdin(io: IO, what: string): Promise<string> {
  if (io.stdinIsTTY) throw new UsageError(`${what} expects input on stdin, but stdin is a terminal.`, { hint: 'Pipe it in, e.g. `echo "$VALUE" | epi ...`.' });
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validEmail(value: string, flag: string): string {
  const v = value.trim();
  if (!EMAIL.test(v)) throw new UsageError(`${flag} "${value}" is not a valid email address.`, { hint: 'Use the form name@example.com.' });
  return v;
}

export function validUrl(value: string, flag: string): string {
  const v = value.trim();
  try {
    const url = new URL(v);
    if (url.protocol === 'http:' || url.protocol === 'https:') return v;
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`${flag} "${value}" is not a valid http(s) URL.`, { hint: 'Use a full URL such as https://example.com.' });
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} "${value}" is not one of: ${allowed.join(', ')}.`);
}

export function positiveInt(value: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} takes a whole number from 1 to ${max}, got "${value}".`);
  return n;
}

/** The values of a repeatable flag, each once; none at all is a usage error naming the flag. */
export function distinct(values: string[] | undefined, flag: string, hint: string): string[] {
  const unique = [...new Set(values ?? [])];
  if (!unique.length) throw new UsageError(`Missing ${flag}.`, { hint });
  return unique;
}

/** Drops undefined values so PATCH bodies carry only the fields the user gave. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
