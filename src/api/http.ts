import ky, { HTTPError, TimeoutError, type BeforeRetryState, type KyInstance } from 'ky';
import type { Service } from '../config/env.js';
import type { TokenSource } from '../config/token.js';
import { ApiError, EpiError, NetworkError } from '../errors.js';
import { exactJsonParser, stringifyJson } from '../exact-json.js';
import { DEFAULT_LIMITS, MAX_RETRY_AFTER_MS, megabytes } from '../limits.js';
import { abbreviate, redactLine, redactSecrets } from '../output/redact.js';
import { Response as EpiResponse } from './fetch-classes.js';
import { nodeFetch, ResponseTooLargeError, type TransportOptions } from './node-fetch.js';
import { ShapeError } from './shape.js';
import { answeredText, Planned, type Http, type HttpOptions, type HttpResult, type Method, type PlannedRequest, type RequestOptions, type Shape } from './types.js';

const RETRY_METHODS = ['get', 'put', 'delete', 'head'];

/** Per-request state the retry hook fills in (only DELETE needs it). */
interface Attempt {
  lostOnNetwork: boolean;
}

/**
 * The one HTTP client. ky gives retries (idempotent methods only, so a POST invite is never sent
 * twice), backoff with jitter, Retry-After and the per-attempt timeout; this file adds auth, the
 * debug trace, --dry-run and the mapping of every failure onto the error model.
 */
export function createHttp(options: HttpOptions): Http {
  const debug = options.debug;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const transport: TransportOptions = { maxBodyBytes: limits.maxBodyBytes, onProxy: debug && ((proxy) => debug(`  via proxy ${withoutCredentials(proxy)}`)) };
  // Resolved once per service: the base URL is checked and parsed on first use only.
  const bases = new Map<Service, string>();
  const base = (service: Service): string => bases.get(service) ?? bases.set(service, options.baseUrl(service)).get(service)!;
  const client: KyInstance = ky.create({
    timeout: options.timeoutMs,
    throwHttpErrors: true,
    // A body may hold numbers parsed exactly (settings, epi api -F); they are sent digit for digit.
    stringifyJson,
    // ky is bundled with epi's fetch classes (scripts/ky-fetch-classes.mjs), so its requests are these
    // classes, not the global ones its types name.
    fetch: (options.fetch ?? nodeFetch) as unknown as typeof fetch,
    // Not a ky option, so ky hands it to fetch as init.transport.
    ...({ transport } as object),
    retry: {
      limit: options.maxRetries,
      methods: RETRY_METHODS,
      statusCodes: options.retryRateLimited === false ? [502, 503, 504] : [429, 502, 503, 504],
      afterStatusCodes: options.retryRateLimited === false ? [503] : [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      backoffLimit: 10_000,
      jitter: true,
      // ky waits its maximum (2 minutes) on a Retry-After it cannot read, and up to that long on
      // one that asks for hours; without Retry-After it reads RateLimit-Reset and X-RateLimit-Reset,
      // which no epilot API sends, the same way. epi reads Retry-After only: absent or unreadable
      // gets the usual backoff, and one past the maximum fails at once, naming the wait, rather
      // than leave the command silent for minutes.
      shouldRetry: ({ error }) => {
        if (!(error instanceof HTTPError) || !RATE_LIMIT_STATUSES.includes(error.response.status)) return undefined;
        // The bulk runner handles its own 429s.
        if (error.response.status === 429 && options.retryRateLimited === false) return undefined;
        const wait = retryAfter(error.response.headers.get('retry-after'), Date.now());
        if (wait === undefined || wait === 'unreadable') return true;
        return wait > MAX_RETRY_AFTER_MS ? false : undefined;
      },
    },
    hooks: {
      beforeRequest: debug
        ? [
            async (request, _opts, { retryCount }) => {
              const body = request.body ? ` ${debugBody(await request.clone().text(), options.mask)}` : '';
              debug(`→ ${request.method} ${request.url}${retryCount ? ` (retry ${retryCount})` : ''}${body}`);
            },
          ]
        : [],
      beforeRetry: [
        ({ options: sent, error }) => {
          const attempt = sent.context.attempt as Attempt | undefined;
          if (attempt && !(error instanceof HTTPError)) attempt.lostOnNetwork = true;
        },
        ...(debug ? [({ request, error, retryCount }: BeforeRetryState) => debug(`↻ ${request.method} ${request.url}: ${describeRetryCause(error)}; retry ${retryCount} of ${options.maxRetries}`)] : []),
      ],
    },
  });

  function plan(service: Service, method: Method, path: string, opts: RequestOptions = {}): PlannedRequest {
    // A plan is printed: token-, password- and secret-named query values and headers are masked like body fields.
    const url = buildUrl(base(service), path, redactSecrets(opts.query) as RequestOptions['query']);
    const headers: Record<string, string> = { 'user-agent': options.userAgent, ...(redactSecrets(opts.headers) as Record<string, string> | undefined) };
    // Like ky on send: a Content-Type the caller gave (epi api -H) is kept, so the plan shows what would be sent.
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    if (opts.auth !== false) headers.authorization = 'Bearer ***';
    return { method, url, headers, body: opts.body === undefined ? null : redactSecrets(opts.body) };
  }

  async function send(service: Service, method: Method, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
    const url = buildUrl(base(service), path, opts.query);
    const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: 'application/json', ...opts.headers };
    if (opts.auth !== false) headers.authorization = `Bearer ${options.token()}`;
    const started = Date.now();
    const attempt: Attempt | undefined = method === 'DELETE' ? { lostOnNetwork: false } : undefined;
    let response: Response;
    try {
      response = await client(url, {
        method,
        headers,
        ...(opts.body !== undefined ? { json: opts.body } : {}),
        ...(opts.rawBody !== undefined ? { body: opts.rawBody } : {}),
        ...(attempt ? { context: { attempt } } : {}),
      });
    } catch (error) {
      // The first DELETE may have reached the server before its answer was lost; then the retry's
      // 404 means the first one did the work.
      if (attempt?.lostOnNetwork && error instanceof HTTPError && error.response.status === 404) {
        void error.response.body?.cancel().catch(() => undefined);
        options.warn?.(`${method} ${url}: the first attempt failed on the network and the retry found nothing (404); taking it as already gone.`);
        return { status: 404, statusText: 'already gone', headers: error.response.headers, text: '', body: undefined, alreadyGone: true };
      }
      throw await mapError(error, method, url, options, started);
    }
    checkEncoding(response, method, url);
    const text = await readBody(response, method, url, options.timeoutMs, true);
    debug?.(`← ${response.status} ${method} ${url} ${Date.now() - started}ms ${debugBody(text, options.mask)}`);
    const parse = opts.exactNumbers ? await exactJsonParser() : JSON.parse;
    return { status: response.status, statusText: response.statusText, headers: response.headers, text, body: parseBody(text, response, method, url, parse) };
  }

  async function read<T>(service: Service, method: Method, path: string, shape: Shape<T>, opts?: RequestOptions): Promise<T> {
    const result = await send(service, method, path, opts);
    if (!result.alreadyGone) checkSuccess(result, method, buildUrl(base(service), path, opts?.query));
    try {
      return shape(result.body);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      const url = buildUrl(base(service), path, opts?.query);
      throw new ApiError(`Unexpected response from ${method} ${path}: ${error.message}`, method, url, result.status, undefined, {
        hint: changes(method)
          ? `The API answered ${result.status}, so if this was a change it was probably made: check (the matching get or list command) before you run it again; --debug shows the response.`
          : 'Run the command again with --debug to see the response; report it if it persists.',
      });
    }
  }

  return {
    plan,
    send,
    limits,
    read,
    async change(service, method, path, shape, opts) {
      if (!options.dryRun) return read(service, method, path, shape, opts);
      const planned = plan(service, method, path, opts);
      options.dryRun(planned);
      return new Planned(planned);
    },
  };
}

/**
 * Bodies in the debug trace: token, password and secret fields masked, then every known secret
 * and JWT-shaped string, and only then shortened (a token cut in half would no longer match).
 */
function debugBody(text: string, mask: (text: string) => string = redactLine): string {
  let shown: string;
  try {
    shown = JSON.stringify(redactSecrets(JSON.parse(text)));
  } catch {
    shown = text;
  }
  return abbreviate(mask(shown));
}

function buildUrl(base: string, path: string, query: RequestOptions['query']): string {
  const url = new URL(base + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url.toString();
}

/**
 * ky's timeout ends when headers arrive; a body that trickles in past --timeout is cut here. A
 * success body must be UTF-8 (`strict`): bytes that are not would otherwise become U+FFFD and
 * print as a different name with exit 0. An error body is read leniently, for its message.
 */
async function readBody(response: Response, method: string, url: string, timeoutMs: number, strict = false): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void response.body?.cancel().catch(() => undefined);
      reject(new NetworkError(`Timed out after ${seconds(timeoutMs)}s reading the response body of ${method} ${url}.`, method, url, {
        hint: bodyLostHint(method, response.status, 'The server is slow or stalled; retry, or raise --timeout <seconds>.'),
      }));
    }, timeoutMs);
  });
  try {
    const bytes = () => (response instanceof EpiResponse ? response.receivedBytes() : response.arrayBuffer());
    return await Promise.race([strict ? bytes().then((b) => utf8(b, response.status, method, url)) : response.text(), timeout]);
  } catch (error) {
    if (error instanceof NetworkError || error instanceof ApiError) throw error;
    if (error instanceof ResponseTooLargeError) {
      throw new EpiError(`Response from ${method} ${url} is larger than ${megabytes(error.limitBytes)}.`, {
        hint: 'If a response this large is expected, raise the limit with --max-body <MB> or EPI_MAX_BODY_MB.',
      });
    }
    throw new NetworkError(`The connection broke while reading the response of ${method} ${url}: ${causeText(error)}.`, method, url, {
      hint: bodyLostHint(method, response.status, 'Retry the command; check your network if it keeps happening.'),
    });
  } finally {
    clearTimeout(timer);
  }
}

/** A change whose answer was lost after its status came may well have been made: say so before "retry". */
function bodyLostHint(method: string, status: number, otherwise: string): string {
  if (!changes(method) || status < 200 || status > 299) return otherwise;
  return `The API answered ${status} before its body broke off, so if this was a change it was probably made: check (the matching get or list command) before you retry.`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: ArrayBuffer | Uint8Array, status: number, method: string, url: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ApiError(`The API sent a body that is not valid UTF-8 for ${method} ${url} (${bytes.byteLength} bytes).`, method, url, status, undefined, {
      hint: 'epilot APIs send UTF-8 JSON; something between epi and the API may be rewriting the answer. Run with --debug and report it.',
    });
  }
}

/** The encodings the transport decodes; any other would reach the JSON parser as compressed bytes. */
const KNOWN_ENCODINGS = new Set(['', 'identity', 'gzip', 'x-gzip', 'deflate', 'br']);

function checkEncoding(response: Response, method: string, url: string): void {
  const encoding = (response.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (KNOWN_ENCODINGS.has(encoding)) return;
  // The body is left unread, not cancelled: a web stream cancelled while node:http still pushes
  // into it throws outside any promise. The process ends with this error anyway.
  throw new ApiError(`The API sent its body in an encoding epi cannot read (Content-Encoding: ${abbreviate(encoding)}) for ${method} ${url}.`, method, url, response.status, undefined, {
    hint: 'epi reads gzip, deflate and br. Something between epi and the API (a proxy) may be re-encoding answers; run with --debug and report it.',
  });
}

/** The success statuses epilot's APIs document (200, 201, 204) and their near kin; epi asks for no ranges or WebDAV. */
const SUCCESS_STATUSES = new Set([200, 201, 202, 203, 204]);

/**
 * What a 2xx must also be before a command uses it: a status epi understands, a JSON body (or
 * none), and not an error wearing a 200. A proxy's or captive portal's HTML page, a "206 Partial
 * Content" list or `{"error": "..."}` would otherwise pass an `unused` check and print "Deleted".
 */
function checkSuccess(result: HttpResult, method: string, url: string): void {
  const fail = (what: string, serverMessage?: string) =>
    new ApiError(`${method} ${url} answered ${statusLine(result.status, result.statusText)} ${what}`, method, url, result.status, serverMessage, {
      hint: 'Nothing shows that it worked. Check the API URL (`epi config list`) and any proxy; run with --debug to see the answer, and report it if it persists.',
    });
  if (!SUCCESS_STATUSES.has(result.status)) throw fail('(a success status epilot APIs do not use), so epi cannot tell what it means.');
  if (answeredText(result)) {
    throw fail(`with ${nonJsonSummary(result.text, result.headers.get('content-type') ?? '')} instead of JSON.`);
  }
  const error = isPlainObject(result.body) ? result.body.error : undefined;
  if (error !== undefined && error !== null && error !== false && error !== '' && !(isPlainObject(error) && !Object.keys(error).length)) {
    const message = pickMessage(result.body);
    throw fail(`with an error in its body${message ? `: ${oneLine(message)}` : ''}.`, message && oneLine(message));
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function nonJsonSummary(text: string, contentType: string): string {
  const html = htmlPage(text, contentType);
  if (html) return html.title ? `an HTML page "${html.title}"` : 'an HTML page';
  return `${contentType ? abbreviate(contentType.split(';')[0]!.trim()) : 'text'} "${oneLine(text).slice(0, 80)}"`;
}

function statusLine(status: number, statusText: string): string {
  return `${status}${statusText ? ` ${oneLine(statusText).slice(0, 100)}` : ''}`;
}

function parseBody(text: string, response: Response, method: string, url: string, parse: (text: string) => unknown): unknown {
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  const looksJson = type.includes('json') || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  let body: unknown;
  try {
    body = parse(text);
  } catch (error) {
    // A recursive parser (lossless-json) runs out of stack where JSON.parse does not.
    if (error instanceof RangeError) throw tooDeep(method, url, response.status);
    throw new ApiError(
      `The API sent invalid JSON for ${method} ${url} (${text.length} bytes, possibly truncated).`,
      method,
      url,
      response.status,
      undefined,
      { hint: 'Retry the command; if it persists, run with --debug and report the response.' },
    );
  }
  // JSON.parse takes any depth, but printing, redacting and --json recurse: refuse here, in one line.
  if (deeperThan(body, MAX_JSON_DEPTH)) throw tooDeep(method, url, response.status);
  return body;
}

function tooDeep(method: string, url: string, status: number): ApiError {
  return new ApiError(`The API sent JSON nested more than ${MAX_JSON_DEPTH} levels deep for ${method} ${url}.`, method, url, status, undefined, {
    hint: 'No epilot response is shaped like this; run with --debug and report it.',
  });
}

/** Far deeper than any epilot record, far shallower than the call stack. */
const MAX_JSON_DEPTH = 1000;

function deeperThan(value: unknown, max: number): boolean {
  // Iterative, and without Object.values: every response body passes through here, so the walk
  // allocates nothing per node beyond its own stack.
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in v) {
        const child: unknown = (v as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** A proxy URL for the debug trace: user and password masked. */
function withoutCredentials(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (url.username || url.password) {
      url.username = '***';
      url.password = '';
    }
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable proxy URL)';
  }
}

async function mapError(error: unknown, method: string, url: string, options: HttpOptions, started: number): Promise<Error> {
  const { timeoutMs, debug } = options;
  if (error instanceof HTTPError) {
    const { response } = error;
    let text = '';
    try {
      text = await readBody(response, method, url, timeoutMs);
    } catch {
      // The status alone still makes a useful message.
    }
    debug?.(`← ${response.status} ${method} ${url} ${Date.now() - started}ms ${debugBody(text, options.mask)}`);
    const serverMessage = messageFromBody(text, response.headers.get('content-type') ?? '');
    const status = statusLine(response.status, response.statusText);
    const wait = retryAfter(response.headers.get('retry-after'), Date.now());
    const retryAfterMs = typeof wait === 'number' ? wait : undefined;
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      return new ApiError(
        `${method} ${url} failed: ${status}${location ? ` (to ${abbreviate(location, 100)})` : ''}. epilot APIs do not redirect, so epi did not follow it: nothing, and no token, went anywhere else.`,
        method,
        url,
        response.status,
        serverMessage,
        { hint: 'Check the API URL (`epi config list`, EPILOT_*_API_URL) and any proxy between epi and the API.' },
      );
    }
    const tooLong = retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS;
    return new ApiError(
      `${method} ${url} failed: ${status}${serverMessage ? `: ${serverMessage}` : ''}${tooLong ? ` (it asks to wait ${seconds(retryAfterMs)}s before retrying, longer than epi waits: ${seconds(MAX_RETRY_AFTER_MS)}s)` : ''}`,
      method,
      url,
      response.status,
      serverMessage,
      { hint: tooLong ? 'The API is refusing requests for a long while; try again later.' : hintForStatus(response.status, options.tokenSource), retryAfterMs },
    );
  }
  if (error instanceof TimeoutError) {
    return new NetworkError(`Timed out after ${seconds(timeoutMs)}s waiting for ${method} ${url}.`, method, url, {
      hint: changes(method)
        ? 'If this was a change, it may or may not have been made: check (the matching get or list command) before you retry, or raise --timeout <seconds>.'
        : 'Check your network, or raise --timeout <seconds>.',
    });
  }
  if (error instanceof ApiError || error instanceof NetworkError) return error;
  const host = safeHost(url);
  if (malformed(error)) {
    const status = /invalid response \((\d+)\)/.exec(String((error as Error).message))?.[1];
    const detail = `${status ? `status ${status}: ` : ''}${causeText(error).replace(/\.+$/, '')}`;
    return new NetworkError(`${host} sent a malformed HTTP response to ${method} ${url}: ${detail}.`, method, url, {
      hint: 'Something that is not the epilot API may be answering (a proxy, a captive portal, a wrong API URL): check `epi config list`; --debug shows each attempt.',
      cause: error,
    });
  }
  return new NetworkError(`Could not reach ${host} for ${method} ${url}: ${causeText(error)}.`, method, url, {
    hint: 'Check your network and the API URL (`epi config list`), then retry; --debug shows each attempt.',
    cause: error,
  });
}

/**
 * Retry-After as milliseconds from now (delay-seconds or an HTTP date), undefined when absent, or 'unreadable' for a value that is neither delay-seconds
 * nor an HTTP date (`soon`, `-5`, `1.5`: Date.parse would read some of these as dates in 2001).
 */
function retryAfter(value: string | null, now: number): number | 'unreadable' | undefined {
  if (value === null || !value.trim()) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = /^[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? 'unreadable' : Math.max(0, date - now);
}

const RATE_LIMIT_STATUSES = [429, 503];
/** A request that may change something (a POST can also be a search; the hints say "if"). */
const changes = (method: string) => method !== 'GET' && method !== 'HEAD';

/** The transport could not make sense of the answer: llhttp's parse errors, or a status line fetch refuses. */
function malformed(error: unknown): boolean {
  const e = error as { cause?: { code?: unknown; message?: unknown }; message?: unknown };
  return (typeof e?.cause?.code === 'string' && e.cause.code.startsWith('HPE_')) || (typeof e?.message === 'string' && e.message.startsWith('fetch failed: invalid response'));
}

/** An HTML page (by its Content-Type or its first tag) and its title on one line, or undefined for other text. */
function htmlPage(text: string, contentType: string): { title?: string } | undefined {
  if (!contentType.includes('html') && !/^\s*<(!doctype|html)/i.test(text)) return undefined;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  return title ? { title: oneLine(title) } : {};
}

/** Reads the server's own words from the shapes epilot's APIs use, or a one-line summary. */
export function messageFromBody(text: string, contentType: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const html = htmlPage(trimmed, contentType);
  if (html) return html.title ? `HTML error page "${html.title}"` : 'HTML error page';
  try {
    const body = JSON.parse(trimmed) as unknown;
    const found = pickMessage(body);
    if (found) return oneLine(found);
    return oneLine(trimmed);
  } catch {
    return oneLine(trimmed);
  }
}

function pickMessage(body: unknown, depth = 0): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null || depth > 5) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'error', 'error_description', 'detail', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'object' && value !== null) {
      const nested = pickMessage(value, depth + 1);
      if (nested) return nested;
    }
  }
  return undefined;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function hintForStatus(status: number, tokenSource?: TokenSource): string | undefined {
  const fromEnv = tokenSource === 'env';
  if (status === 401) {
    return fromEnv
      ? 'The token in EPILOT_TOKEN was rejected or has expired. Set EPILOT_TOKEN to a fresh token (it wins over any stored login), or unset it.'
      : 'The token was rejected or has expired. Run `epi auth login` to sign in again.';
  }
  if (status === 403) {
    return fromEnv
      ? 'The token in EPILOT_TOKEN lacks permission for this. Ask an organization admin for a role that allows it, or set EPILOT_TOKEN to another token.'
      : 'Your token lacks permission for this. Ask an organization admin for a role that allows it, or run `epi auth login` with another token.';
  }
  if (status === 404) return 'Check the id or key; the matching `list` command shows what exists.';
  if (status === 429) return 'Rate limited. Wait a moment and retry, or raise --max-retries.';
  if (status >= 500) return 'The epilot API failed. Retry later; run with --debug to see each attempt.';
  return undefined;
}

function describeRetryCause(error: unknown): string {
  if (error instanceof HTTPError) return `${error.response.status}`;
  if (error instanceof TimeoutError) return 'timeout';
  return causeText(error);
}

function causeText(error: unknown): string {
  const e = error as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  const code = e?.cause?.code ?? e?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    ENOTFOUND: 'host not found (DNS)',
    EAI_AGAIN: 'host name could not be resolved (DNS)',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
    EPIPE: 'connection closed by the server',
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return code ? `${message} (${code})` : message;
}

/** 30000 → "30", 500 → "0.5", 1e-6 → "0.000001": readable, never float noise. */
function seconds(ms: number): string {
  return String(Number((ms / 1000).toPrecision(3)));
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
