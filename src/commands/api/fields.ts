import { UsageError } from '../../errors.js';
import { parseExactJson, stringifyJson } from '../../exact-json.js';
import { readInput } from '../../input.js';
import type { QueryValue } from '../../api/types.js';
import type { IO } from '../../runtime.js';

/** One -f or -F flag, split into its key path and its value. */
export interface Field {
  /** `a[b][]` gives ['a', 'b', '']: an empty part appends to an array. */
  keys: string[];
  /** The key as typed, for messages and query parameters. */
  raw: string;
  value: unknown;
}

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Splits `key=value`; the key may be nested (`a[b]=1`) or append to an array (`tags[]=x`). */
function splitField(text: string, flag: string): { raw: string; keys: string[]; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} "${text}" is not key=value.`, { hint: `Write ${flag} name=value, e.g. ${flag} name=Sales.` });
  const raw = text.slice(0, eq);
  const m = KEY.exec(raw);
  if (!m) {
    throw new UsageError(`${flag} key "${raw}" is not valid.`, { hint: 'Use name, name[sub] for a nested object, or name[] to append to an array.' });
  }
  const keys = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((p) => p[1]!)];
  return { raw, keys, value: text.slice(eq + 1) };
}

/** -f key=value: the value is always a string. */
export function rawField(text: string): Field {
  const { raw, keys, value } = splitField(text, '-f');
  return { raw, keys, value };
}

/**
 * -F key=value: a typed value. true, false and null are literals; a JSON number is a number;
 * a value starting with {, [ or " is JSON; @file reads a file (@- stdin), JSON-parsed when it is
 * valid JSON; anything else is a string.
 */
export async function typedField(text: string, io: IO): Promise<Field> {
  const { raw, keys, value } = splitField(text, '-F');
  return { raw, keys, value: await typedValue(raw, value, io) };
}

async function typedValue(key: string, value: string, io: IO): Promise<unknown> {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (!file) throw new UsageError(`-F ${key}=@ names no file.`, { hint: 'Write -F key=@path/to/file, or -F key=@- to read stdin.' });
    const contents = await readInput(file, `-F ${key}`, io);
    try {
      return await parseExactJson(contents);
    } catch {
      return contents;
    }
  }
  // Numbers, however many digits, are sent exactly as written (as `epi settings put` does).
  if (NUMBER.test(value)) return parseExactJson(value);
  if (/^[[{"]/.test(value)) {
    try {
      return await parseExactJson(value);
    } catch (error) {
      throw new UsageError(`-F ${key} looks like JSON but is not valid: ${(error as Error).message}.`, {
        hint: `Fix the JSON, or send the text as a string with -f ${key}=...`,
      });
    }
  }
  return value;
}

type Container = Record<string, unknown> | unknown[];

/** Builds the JSON object body from the fields, in order; a key given twice is a usage error. */
export function fieldsToBody(fields: readonly Field[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    let target: Container = body;
    field.keys.forEach((key, i) => {
      const last = i === field.keys.length - 1;
      const nextIsAppend = !last && field.keys[i + 1] === '';
      const child = last ? field.value : nextIsAppend ? [] : {};
      target = place(target, key, child, last, field.raw);
    });
  }
  return body;
}

/** Puts `child` at `key` of `target` (or reuses the container already there) and returns where to continue. */
function place(target: Container, key: string, child: unknown, last: boolean, raw: string): Container {
  if (Array.isArray(target)) {
    if (key !== '') throw conflict(raw);
    target.push(child);
    return child as Container;
  }
  if (key === '') throw conflict(raw);
  const existing = Object.hasOwn(target, key) ? target[key] : undefined;
  if (existing === undefined) {
    // defineProperty, so a key such as __proto__ is an ordinary field and never a prototype.
    Object.defineProperty(target, key, { value: child, enumerable: true, writable: true, configurable: true });
    return child as Container;
  }
  const sameKind = !last && typeof existing === 'object' && existing !== null && Array.isArray(existing) === Array.isArray(child);
  if (!sameKind) throw conflict(raw);
  return existing as Container;
}

function conflict(raw: string): UsageError {
  return new UsageError(`Field "${raw}" clashes with another -f/-F field.`, {
    hint: 'Give each key once; use name[] to build an array and name[sub] for a nested object.',
  });
}

/** For GET and HEAD the fields are query parameters: keys as typed, repeated keys kept, objects as JSON. */
export function fieldsToQuery(fields: readonly Field[]): Record<string, QueryValue> {
  const query = new Map<string, string[]>();
  for (const { raw, value } of fields) {
    if (value === null) continue;
    const text = typeof value === 'object' ? stringifyJson(value) : String(value);
    query.set(raw, [...(query.get(raw) ?? []), text]);
  }
  return Object.fromEntries(query);
}
