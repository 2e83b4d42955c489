import type { Service } from '../config/env.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
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
}

/** What --dry-run prints instead of sending: never a token. */
export interface PlannedRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface HttpResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  body: unknown;
  /** True when --dry-run printed the request instead of sending it. */
  dryRun?: boolean;
}

export interface Http {
  /** Sends a request and returns the parsed body; under --dry-run a change is printed and undefined returned. */
  request<T>(service: Service, method: Method, path: string, options?: RequestOptions): Promise<T>;
  send(service: Service, method: Method, path: string, options?: RequestOptions): Promise<HttpResult>;
  plan(service: Service, method: Method, path: string, options?: RequestOptions): PlannedRequest;
}

export interface HttpOptions {
  baseUrl(service: Service): string;
  /** Called only for authenticated requests; throws AuthError when there is no usable token. */
  token(): string;
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
  debug?: (line: string) => void;
  /** Set under --dry-run: receives each change instead of it being sent. */
  dryRun?: (request: PlannedRequest) => void;
  fetch?: typeof fetch;
}

/** Path segments from users (ids, keys, emails) are always encoded. */
export const seg = (value: string | number): string => encodeURIComponent(String(value));
