import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { Headers, Request, Response, type RequestOptions } from './fetch-classes.js';

const NO_BODY_STATUS = new Set([101, 204, 205, 304]);

/** What the HTTP client tells the transport; ky hands unknown options to fetch as `init.transport`. */
export interface TransportOptions {
  /** Decoded bytes a body may have; past it the body fails with ResponseTooLargeError. */
  maxBodyBytes?: number;
  /** Told the proxy a request goes through (for --debug). */
  onProxy?: (proxy: string) => void;
}

/** The body grew past `maxBodyBytes` while it was read and decoded; the connection is closed. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response body larger than ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * The transport ky sends with: fetch() semantics over node:http. Node's own fetch initialises
 * undici's dispatcher on first use, which costs more start-up (25-50 ms on Node 20) than all of
 * the rest of epi; node:http is already loaded, and node:https (with TLS) and node:zlib load only
 * for an https URL or a compressed body. ky still does everything else: retries, timeouts, hooks,
 * errors. Like fetch, network failures reject with TypeError('fetch failed', { cause }), and
 * gzip/deflate/br bodies are decoded. Redirects are not followed: epilot's APIs do not send them.
 */
export async function nodeFetch(resource: Request | string | URL, init?: RequestOptions & { transport?: TransportOptions }): Promise<Response> {
  const input = resource instanceof Request ? resource : new Request(resource, init);
  const transport = init?.transport ?? {};
  const url = input.url;
  const secure = url.startsWith('https:');
  const body = await input.sentBytes();
  const headers: Record<string, string> = {};
  input.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (body) headers['content-length'] = String(body.length);
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  const send = secure ? (await import('node:https')).request : httpRequest;
  const agent = await proxyAgent(url, secure, transport.onProxy);
  const limit = transport.maxBodyBytes ?? Number.POSITIVE_INFINITY;

  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: input.method, headers, signal: input.signal, ...(agent ? { agent } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      const empty = NO_BODY_STATUS.has(status) || input.method === 'HEAD';
      if (empty) res.resume();
      (empty ? Promise.resolve(null) : decoded(res, limit))
        // The Node stream itself: text() reads it without a web stream (fetch-classes.ts).
        .then((stream) => resolve(new Response(stream, { status, statusText: res.statusMessage ?? '', headers: responseHeaders })))
        .catch((error: unknown) => {
          res.destroy();
          reject(new TypeError(`fetch failed: invalid response (${status})`, { cause: error }));
        });
    });
    req.on('error', (error) => reject(input.signal.aborted ? input.signal.reason : new TypeError('fetch failed', { cause: error })));
    req.end(body);
  });
}

/**
 * The body as fetch would give it, decompressed per Content-Encoding, and cut off with
 * ResponseTooLargeError once more than `limit` decoded bytes came through: a 1 MB gzip body
 * that inflates to 1 GB stops after `limit`, and the socket is closed.
 */
async function decoded(res: IncomingMessage, limit: number): Promise<Readable> {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const compressed = encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate' || encoding === 'br';
  const length = Number(res.headers['content-length'] ?? Number.NaN);
  if (!compressed && Number.isFinite(limit) && length > limit) {
    res.destroy();
    return new Readable({
      read() {
        this.destroy(new ResponseTooLargeError(limit));
      },
    });
  }
  const stages: NodeJS.ReadWriteStream[] = [];
  if (compressed) {
    const zlib = await import('node:zlib');
    stages.push(encoding === 'br' ? zlib.createBrotliDecompress() : encoding === 'deflate' ? zlib.createInflate() : zlib.createGunzip());
  }
  // An uncompressed body with a Content-Length within the cap cannot pass it: node:http reads no more.
  if (Number.isFinite(limit) && (compressed || !(length <= limit))) stages.push(byteLimit(limit));
  return chain(res, stages);
}

/**
 * `from` piped through `stages`; a failure anywhere destroys every stream with that error, so the
 * reader sees it and the socket closes. stream.pipeline() would do the same but makes an
 * AbortController per call and aborts it (a DOMException with a stack trace) when the body ends:
 * a second of CPU per 20,000 requests of a bulk run.
 */
function chain(from: Readable, stages: NodeJS.ReadWriteStream[]): Readable {
  const streams = [from, ...stages] as Readable[];
  const fail = (error: Error) => {
    for (const stream of streams) stream.destroy(error);
  };
  streams.forEach((stream, i) => {
    stream.once('error', fail);
    if (i > 0) streams[i - 1]!.pipe(stream as unknown as NodeJS.WritableStream);
  });
  return streams.at(-1)!;
}

function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > limit ? new ResponseTooLargeError(limit) : null, seen > limit ? undefined : chunk);
    },
  });
}

// Proxy support is loaded only when one of these is set, so start-up is unchanged without one.
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

/**
 * The proxy for a URL, as curl and gh choose it: HTTPS_PROXY / HTTP_PROXY by scheme, then
 * ALL_PROXY (upper or lower case), unless NO_PROXY names the host: exactly, as a suffix
 * (`.example.com`), as a parent domain (`example.com` also covers `api.example.com`), or `*`.
 * proxy-from-env reads the process environment, as curl does.
 */
export async function proxyFor(url: string): Promise<string | undefined> {
  if (!PROXY_VARIABLES.some((name) => process.env[name])) return undefined;
  const { getProxyForUrl } = await import('proxy-from-env');
  const proxy = getProxyForUrl(url);
  return proxy && !excludedAsParentDomain(url) ? proxy : undefined;
}

const agents = new Map<string, Agent>();

/** https goes through a CONNECT tunnel; credentials in the proxy URL are sent as Proxy-Authorization. */
async function proxyAgent(url: string, secure: boolean, onProxy?: (proxy: string) => void): Promise<Agent | undefined> {
  const proxy = await proxyFor(url);
  if (!proxy) return undefined;
  onProxy?.(proxy);
  const key = `${secure ? 'https' : 'http'} ${proxy}`;
  let agent = agents.get(key);
  if (!agent) {
    // Typed for a literal proxy URL; this one is only known at run time.
    const at = proxy as `http://${string}`;
    agent = secure ? new (await import('https-proxy-agent')).HttpsProxyAgent(at, { keepAlive: true }) : new (await import('http-proxy-agent')).HttpProxyAgent(at, { keepAlive: true });
    agents.set(key, agent);
  }
  return agent;
}

/** proxy-from-env matches a bare NO_PROXY entry exactly; curl and gh also exclude its subdomains. */
function excludedAsParentDomain(url: string): boolean {
  const noProxy = process.env.no_proxy || process.env.NO_PROXY || '';
  const host = new URL(url).hostname.toLowerCase();
  return noProxy
    .toLowerCase()
    .split(/[\s,]+/)
    .some((entry) => entry && !/^[.*]/.test(entry) && !entry.includes(':') && host.endsWith(`.${entry}`));
}
