import { Readable } from 'node:stream';
import type { TransportOptions } from './node-fetch.js';

/**
 * Headers, Request and Response as ky and the node:http transport (node-fetch.ts) use them, in
 * place of Node's own. On Node 20 the first touch of globalThis.Request, Response, Headers or
 * FormData loads all of undici (about 20 ms and 9 MB, more than the rest of `epi org current`),
 * and undici's Request ties each request's AbortSignal to a FinalizationRegistry, so what a
 * request references stays in old space until a full collection (about 17 KB per request of a bulk
 * run). The globals are never changed: ky is given these classes when it is bundled
 * (scripts/ky-fetch-classes.mjs, for esbuild and vitest alike).
 *
 * They follow the fetch standard for what epi sends and reads: header names and values checked
 * and normalised, sorted iteration, a body read once, clone(), null-body statuses. node-fetch@3
 * was the library candidate, but ky cancels every request body with the web-stream
 * `body.cancel()` that node-fetch's Node stream bodies lack (each POST fails), and node-fetch
 * assigns Node's web-stream classes to globalThis and loads node:https and node:zlib up front.
 */

/** What a body can be made of here; a Node Readable is the transport's response body. */
export type BodySource = string | ArrayBuffer | ArrayBufferView | URLSearchParams | ReadableStream<Uint8Array> | Readable | null | undefined;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_IN_VALUE = /[\0\r\n]/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

type HeadersSource = Headers | globalThis.Headers | Record<string, string> | Iterable<readonly [string, string]> | Iterable<string[]> | undefined | null;

export class Headers implements globalThis.Headers {
  /** Lower-case name → the value, repeated headers joined with ", " (Set-Cookie is kept apart). */
  readonly #values = new Map<string, string>();
  #cookies: string[] = [];
  /** The entries in fetch's order, made when first iterated and dropped on a change. */
  #sorted: Array<[string, string]> | undefined;

  constructor(init?: HeadersSource) {
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      for (const [name, value] of init.#values) this.#values.set(name, value);
      this.#cookies = [...init.#cookies];
    } else if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair.');
        this.append(pair[0]!, pair[1]!);
      }
    } else {
      const record = init as Record<string, string>;
      for (const name of Object.keys(record)) this.append(name, record[name]!);
    }
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(value);
    const before = this.#values.get(key);
    this.#values.set(key, before === undefined ? text : `${before}, ${text}`);
    if (key === 'set-cookie') this.#cookies.push(text);
    this.#sorted = undefined;
  }

  set(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(value);
    this.#values.set(key, text);
    if (key === 'set-cookie') this.#cookies = [text];
    this.#sorted = undefined;
  }

  delete(name: string): void {
    const key = headerName(name);
    this.#values.delete(key);
    if (key === 'set-cookie') this.#cookies = [];
    this.#sorted = undefined;
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name)) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  forEach(callback: (value: string, name: string, parent: globalThis.Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.#entries()) callback.call(thisArg, value, name, this);
  }

  /** Sorted by name, repeated headers joined with ", " except Set-Cookie, as fetch iterates them. */
  entries(): IterableIterator<[string, string]> {
    return this.#entries().values();
  }

  keys(): IterableIterator<string> {
    return this.#entries()
      .map(([name]) => name)
      .values();
  }

  values(): IterableIterator<string> {
    return this.#entries()
      .map(([, value]) => value)
      .values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  #entries(): Array<[string, string]> {
    if (this.#sorted) return this.#sorted;
    const sorted: Array<[string, string]> = [];
    for (const name of [...this.#values.keys()].sort()) {
      if (name === 'set-cookie') for (const cookie of this.#cookies) sorted.push([name, cookie]);
      else sorted.push([name, this.#values.get(name)!]);
    }
    return (this.#sorted = sorted);
  }
}

function headerName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: "${text}" is an invalid header name.`);
  return text.toLowerCase();
}

function headerValue(value: string): string {
  const text = String(value).replace(EDGE_WHITESPACE, '');
  if (NOT_IN_VALUE.test(text)) throw new TypeError(`Headers: the value of a header may not contain NUL, CR or LF.`);
  return text;
}

/** A body source as stored: bytes, a stream, or nothing; and the Content-Type fetch gives it. */
function extractBody(init: BodySource): { source: Buffer | ReadableStream<Uint8Array> | Readable | null; type?: string } {
  if (init === null || init === undefined) return { source: null };
  if (typeof init === 'string') return { source: Buffer.from(init), type: 'text/plain;charset=UTF-8' };
  if (init instanceof URLSearchParams) return { source: Buffer.from(init.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (init instanceof ArrayBuffer) return { source: Buffer.from(init.slice(0)) };
  if (ArrayBuffer.isView(init)) return { source: Buffer.from(init.buffer.slice(init.byteOffset, init.byteOffset + init.byteLength)) };
  if (init instanceof Readable || init instanceof ReadableStream) return { source: init };
  throw new TypeError('unsupported BodyInit type');
}

/** The body mixin: read once, as bytes, text or JSON; `body` is a web stream made when asked for. */
abstract class Body {
  #source: Buffer | ReadableStream<Uint8Array> | Readable | null;
  #stream: ReadableStream<Uint8Array> | null | undefined;
  #used = false;

  constructor(source: Buffer | ReadableStream<Uint8Array> | Readable | null) {
    this.#source = source;
  }

  /**
   * The body as a web ReadableStream, made on first use: ky cancels request bodies through it, and
   * cancelling a response's stops its socket. Reading with text() and the like needs no web stream.
   */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream === undefined) this.#stream = toWebStream(this.#source);
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    const buffer = await this.#consume();
    return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer;
  }

  /** UTF-8, a leading byte order mark dropped, as fetch decodes. */
  async text(): Promise<string> {
    const text = (await this.#consume()).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /**
   * Not fetch's: the body's bytes for the transport, or undefined when there is none, without
   * making the web stream that `body` would (Node 20 spends about 50 µs on each).
   */
  async sentBytes(): Promise<Buffer | undefined> {
    return this.#source === null ? undefined : this.#consume();
  }

  /**
   * Not fetch's: the body's bytes as they were read, without the copy arrayBuffer() makes. Every
   * page of a long listing would otherwise be held twice outside the heap until V8 collects it.
   */
  async receivedBytes(): Promise<Uint8Array> {
    return this.#consume();
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.bytes()]);
  }

  /** No epi request or response carries form data. */
  async formData(): Promise<globalThis.FormData> {
    throw new TypeError('formData() is not supported by epi’s HTTP classes.');
  }

  /** The source for a copy of this body (clone()); a stream is split in two, bytes are shared. */
  protected cloneSource(): Buffer | ReadableStream<Uint8Array> | null {
    if (this.#used) throw new TypeError('Body has already been consumed.');
    if (this.#source === null || Buffer.isBuffer(this.#source)) return this.#source;
    const [mine, theirs] = this.body!.tee();
    this.#stream = mine;
    return theirs;
  }

  async #consume(): Promise<Buffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read.');
    this.#used = true;
    // Once handed out, the web stream is the one reader of the source.
    const from = this.#stream ?? this.#source;
    if (from === null) return Buffer.alloc(0);
    if (Buffer.isBuffer(from)) return from;
    if (from instanceof Readable) return readAll(from);
    const chunks: Uint8Array[] = [];
    for await (const chunk of from) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
}

/**
 * A Node stream's bytes. It fails with the stream's error (the body cap, a reset connection), or
 * when the stream closes before its end. Events, not `for await`: the async iterator costs a few
 * objects per chunk, and a bulk run reads hundreds of thousands of bodies.
 */
function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const cut = () => reject(stream.errored ?? Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    // One chunk (a page over loopback or a fast link) is the body as it is: no copy.
    stream.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.once('close', () => {
      if (!stream.readableEnded) cut();
    });
    // It may have failed before anyone read it: node:http emits no error when nobody listens.
    if (stream.destroyed) cut();
  });
}

function toWebStream(source: Buffer | ReadableStream<Uint8Array> | Readable | null): ReadableStream<Uint8Array> | null {
  if (source === null) return null;
  if (source instanceof ReadableStream) return source;
  if (source instanceof Readable) return Readable.toWeb(source) as ReadableStream<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(source));
      controller.close();
    },
  });
}

const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];

export interface RequestOptions {
  method?: string;
  headers?: HeadersSource;
  body?: BodySource;
  signal?: AbortSignal | null;
}

export class Request extends Body implements globalThis.Request {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  #signal: AbortSignal | undefined;
  // Fixed by the fetch standard for a request made outside a browser; here for the type only.
  readonly cache = 'default';
  readonly credentials = 'same-origin';
  readonly destination = '';
  readonly integrity = '';
  readonly keepalive = false;
  readonly mode = 'cors';
  readonly redirect = 'follow';
  readonly referrer = 'about:client';
  readonly referrerPolicy = '';
  readonly duplex = 'half';

  /** Other keys of `init` (ky's own options) are ignored, as fetch ignores them. */
  constructor(input: string | URL | Request, init: RequestOptions = {}) {
    const from = input instanceof Request ? input : undefined;
    const method = init.method === undefined ? (from?.method ?? 'GET') : normaliseMethod(init.method);
    const given = init.body === undefined ? undefined : extractBody(init.body);
    // A request made from another takes its body; its bytes are shared, a stream is split in two.
    const source = given ? given.source : from ? from.cloneSource() : null;
    if (source !== null && (method === 'GET' || method === 'HEAD')) throw new TypeError('Request with GET/HEAD method cannot have body.');
    super(source);
    this.url = from ? from.url : new URL(String(input)).href;
    this.method = method;
    this.headers = new Headers(init.headers ?? from?.headers);
    if (given?.type && !this.headers.has('content-type')) this.headers.set('content-type', given.type);
    this.#signal = init.signal ?? from?.signal;
  }

  /** Never aborted unless one was given, as fetch makes it. */
  get signal(): AbortSignal {
    return (this.#signal ??= new AbortController().signal);
  }

  clone(): Request {
    return new Request(this);
  }
}

function normaliseMethod(method: string): string {
  if (!TOKEN.test(method)) throw new TypeError(`"${method}" is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  return METHODS.includes(upper) ? upper : method;
}

export interface ResponseOptions {
  status?: number;
  statusText?: string;
  headers?: HeadersSource;
}

export class Response extends Body implements globalThis.Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly type = 'default';
  readonly url = '';
  readonly redirected = false;

  constructor(body?: BodySource, init: ResponseOptions = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`Response: status ${status} is outside 200-599.`);
    const given = extractBody(body);
    if (given.source !== null && NULL_BODY_STATUS.has(status)) throw new TypeError(`Response with status ${status} cannot have a body.`);
    super(given.source);
    this.status = status;
    this.statusText = init.statusText ?? '';
    this.headers = new Headers(init.headers);
    if (given.type && !this.headers.has('content-type')) this.headers.set('content-type', given.type);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  clone(): Response {
    return new Response(this.cloneSource(), { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

/**
 * No epi request sends form data: a class without instances, so ky's `instanceof FormData` checks
 * are false without loading Node's FormData (undici).
 */
export abstract class FormData {}

/** fetch() over these classes: the transport (nodeFetch), the emulator's localFetch, a test's recorder. */
export type Fetch = (input: string | URL | Request, init?: RequestOptions & { transport?: TransportOptions }) => Promise<Response>;
