import type { Page, Shape } from './types.js';

/**
 * Small hand-written checks of response bodies, the only place epi looks at what a server sent
 * before using it. They check what epi relies on (an array is an array, the envelope key is there,
 * an id is present) and nothing more: extra fields and missing optional fields are fine, as they
 * are for the API. No dependency, so loading this costs nothing measurable at start-up.
 */

/**
 * A body epi cannot use; the HTTP layer turns it into an ApiError naming the request. `path` says
 * where in the body (`results[3].grants`), empty for the body itself.
 */
export class ShapeError extends Error {
  constructor(
    readonly expected: string,
    readonly got: string,
    readonly path: readonly string[] = [],
  ) {
    super(`expected ${expected}${path.length ? ` at ${path.join('').replace(/^\./, '')}` : ''}, got ${got}`);
  }

  /** The same mismatch, one level further out. */
  within(segment: string): ShapeError {
    return new ShapeError(this.expected, this.got, [segment, ...this.path]);
  }
}

/** Runs a nested check, naming where it failed. */
function at<T>(segment: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof ShapeError ? error.within(segment) : error;
  }
}

/** How a value reads in an error message: never the value itself (it may be huge or hostile). */
export function describe(value: unknown): string {
  if (value === undefined) return 'an empty body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * A number must be read exactly: JSON.parse rounds 12345678901234567891 and …892 to the same
 * double, so two users would share an id, one would vanish from a listing as a "repeat", and a
 * delete would name a user that does not exist, or another one.
 */
const isId = (value: unknown) => (typeof value === 'string' && value !== '') || (typeof value === 'number' && Math.abs(value) <= Number.MAX_SAFE_INTEGER);

const numberProblem = (n: number) => (Number.isFinite(n) ? 'a number too large to read exactly' : 'a number out of range');

/** An object (not an array), with each of `keys` present as a non-empty string or a number. */
export function record<T>(what: string, ...keys: string[]): Shape<T> {
  const expected = keys.length ? `${what} with ${keys.map((k) => `"${k}"`).join(', ')}` : what;
  return (body) => {
    if (!isObject(body)) throw new ShapeError(expected, describe(body));
    // A loop, not keys.find(): this runs once per record of a listing, and a closure per call adds up.
    let missing: string | undefined;
    for (const k of keys) {
      if (!isId(body[k])) {
        missing = k;
        break;
      }
    }
    if (missing === undefined) return body as T;
    const value = body[missing];
    if (typeof value === 'number') throw new ShapeError(expected, `"${missing}" as ${numberProblem(value)}`);
    if (value !== undefined) throw new ShapeError(expected, `"${missing}" as ${describe(value)}`);
    throw new ShapeError(expected, `an object without "${missing}"`);
  };
}

/** Checks the optional fields epi reads inside a record, when they are present (null counts as absent). */
export function withFields<T>(base: Shape<T>, fields: Record<string, Shape<unknown>>): Shape<T> {
  return (body) => {
    const checked = base(body) as Record<string, unknown>;
    for (const [key, shape] of Object.entries(fields)) {
      if (checked[key] !== undefined && checked[key] !== null) at(`.${key}`, () => shape(checked[key]));
    }
    return checked as T;
  };
}

/** An array whose every item passes `item`. */
export function list<T>(what: string, item: Shape<T>): Shape<T[]> {
  return (body) => {
    if (!Array.isArray(body)) throw new ShapeError(what, describe(body));
    // A plain loop: a listing of 100,000 records must not allocate a path and a closure per record.
    for (let i = 0; i < body.length; i++) {
      try {
        item(body[i]);
      } catch (error) {
        throw error instanceof ShapeError ? error.within(`[${i}]`) : error;
      }
    }
    return body as T[];
  };
}

/** An object whose every value passes `value`: a map keyed by name. */
export function mapOf<T>(what: string, value: Shape<T>): Shape<Record<string, T>> {
  return (body) => {
    if (!isObject(body)) throw new ShapeError(what, describe(body));
    for (const [key, v] of Object.entries(body)) at(`.${key}`, () => value(v));
    return body as Record<string, T>;
  };
}

/** A non-empty string: an id in a list of ids. */
export const id: Shape<string> = (body) => {
  if (typeof body !== 'string' || body === '') throw new ShapeError('an id', describe(body));
  return body;
};

/** The value under `key` of an object, checked by `inner`: the envelope epilot's APIs put lists in. */
export function envelope<T>(key: string, inner: Shape<T>): Shape<T> {
  return (body) => {
    if (!isObject(body)) throw new ShapeError(`an object with "${key}"`, describe(body));
    if (!(key in body)) throw new ShapeError(`an object with "${key}"`, `an object without "${key}"`);
    return at(`.${key}`, () => inner(body[key]));
  };
}

/**
 * A page of records in an envelope, with the total from `totalKey`. The total decides when paging
 * ends, so when present it must be a count: a whole number, 0 or more (not -5, 2.5, 1e400 or "7").
 */
export function page<T>(key: string, item: Shape<T>, what: string, totalKey?: string): Shape<Page<T>> {
  const items = envelope(key, list(what, item));
  return (body) => {
    const page: Page<T> = { items: items(body) };
    const total = totalKey ? (body as Record<string, unknown>)[totalKey] : undefined;
    if (total === undefined || total === null) return page;
    if (!Number.isSafeInteger(total) || (total as number) < 0) {
      throw new ShapeError(`a count of records (a whole number, 0 or more) at ${totalKey}`, typeof total === 'number' ? String(total) : describe(total));
    }
    page.total = total as number;
    return page;
  };
}

/**
 * The record asked for by id: `inner`, and its id is that id. A server (or a cache in front of it)
 * that answers GET /users/5 with user 6 would otherwise have epi show, change or delete the wrong one.
 */
export function sameId<T>(inner: Shape<T>, wanted: string): Shape<T> {
  return (body) => {
    const checked = inner(body) as Record<string, unknown>;
    const got = checked.id;
    if ((typeof got === 'string' || typeof got === 'number') && String(got) !== wanted) {
      throw new ShapeError(`the record with id ${JSON.stringify(wanted)}`, `one with another id${typeof got === 'string' && got.length <= 64 ? ` (${JSON.stringify(got)})` : ''}`);
    }
    return checked as T;
  };
}

/** Also accepts an empty body (a 204, or a DELETE that answers nothing). */
export function optional<T>(inner: Shape<T>): Shape<T | undefined> {
  return (body) => (body === undefined ? undefined : inner(body));
}

/** For answers epi does not use (the status says it worked): any body, never inspected. */
export const unused: Shape<unknown> = (body) => body;
