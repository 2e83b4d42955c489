import type { Service } from '../config/env.js';
import type { TokenSource } from '../config/token.js';
import type { ServerLimits } from '../limits.js';
import type { Fetch } from './fetch-classes.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
/** Methods that change something: under --dry-run they are planned, not sent. */
export type ChangeMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface RequestOptions {
  /** Empty, null and undefined values are left out, so no request carries an empty parameter. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** A body sent as is (epi api --input). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** false for the public endpoints (invite tokens, sign-up): no token is needed or sent. */
  auth?: boolean;
  /** Parse the response keeping every number exact (src/exact-json.ts): for values stored as sent, such as settings. */
  exactNumbers?: boolean;
}

/** What --dry-run prints instead of sending: never a token. */
export interface PlannedRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * What a change returns under --dry-run instead of the API's answer. A verb gets `T | Planned`
 * and must narrow with isPlanned() before it can use the record, so a record that was never
 * created cannot be printed or read by mistake.
 */
export class Planned {
  constructor(readonly request: PlannedRequest) {}
}

export const isPlanned = (value: unknown): value is Planned => value instanceof Planned;

/** One page of a list: the records, and the total when the API reports one (e.g. `hits`). */
export interface Page<T> {
  items: T[];
  total?: number;
}

/**
 * Checks a response body and returns what epi uses of it; throws ShapeError (src/api/shape.ts)
 * when the body cannot be used, which the HTTP layer reports naming the request.
 */
export type Shape<T> = (body: unknown) => T;

export interface HttpResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  body: unknown;
  /** A DELETE whose first attempt was lost on the network and whose retry got 404: done before. */
  alreadyGone?: boolean;
}

/**
 * True when the body is text that is not JSON (an HTML page, plain text): the HTTP layer leaves
 * such a body as the text itself, while JSON always parses to something else.
 */
export const answeredText = (result: Pick<HttpResult, 'text' | 'body'>): boolean => result.text !== '' && result.body === result.text;

export interface Http {
  /** Sends a request that changes nothing (GET, or a POST search) and returns the body checked by shape. */
  read<T>(service: Service, method: Method, path: string, shape: Shape<T>, options?: RequestOptions): Promise<T>;
  /** Sends a change and returns the body checked by shape; under --dry-run prints the plan and returns it instead. */
  change<T>(service: Service, method: ChangeMethod, path: string, shape: Shape<T>, options?: RequestOptions): Promise<T | Planned>;
  /** Sends a request as given and returns the raw result (epi api); never planned. */
  send(service: Service, method: Method, path: string, options?: RequestOptions): Promise<HttpResult>;
  plan(service: Service, method: Method, path: string, options?: RequestOptions): PlannedRequest;
  /** Paged reads take their --max-records cap from here. */
  readonly limits: ServerLimits;
}

export interface HttpOptions {
  baseUrl(service: Service): string;
  /** Called only for authenticated requests; throws AuthError when there is no usable token. */
  token(): string;
  /** Where the token comes from: auth hints for a token from EPILOT_TOKEN say so, since a login cannot replace it. */
  tokenSource?: TokenSource;
  /** Hides the secrets epi knows of; applied to debug bodies before they are shortened. */
  mask?: (text: string) => string;
  timeoutMs: number;
  maxRetries: number;
  /**
   * false: a 429 is never retried here but thrown (with its Retry-After), because the bulk runner
   * re-sends the item itself and slows down: each 429 then means exactly one re-send, by one owner.
   */
  retryRateLimited?: boolean;
  userAgent: string;
  /** Defaults to DEFAULT_LIMITS. */
  limits?: ServerLimits;
  debug?: (line: string) => void;
  /** A warning for the user (stderr). */
  warn?: (line: string) => void;
  /** Set under --dry-run: receives each change instead of it being sent (reads are still sent). */
  dryRun?: (request: PlannedRequest) => void;
  /** Sends with epi's fetch classes (fetch-classes.ts); nodeFetch unless given. */
  fetch?: Fetch;
}

/** Path segments from users (ids, keys, emails) are always encoded. */
export const seg = (value: string | number): string => encodeURIComponent(String(value));
