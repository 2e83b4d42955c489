import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const NO_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * The transport ky sends with: fetch() semantics over node:http. Node's own fetch initialises
 * undici's dispatcher on first use, which costs more start-up (25-50 ms on Node 20) than all of
 * the rest of epi; node:http is already loaded. ky still does everything else: retries, timeouts,
 * hooks, errors. Like fetch, network failures reject with TypeError('fetch failed', { cause }),
 * and gzip/deflate/br bodies are decoded. Redirects are not followed: epilot's APIs do not send them.
 */
export async function nodeFetch(resource: Request | string | URL, init?: RequestInit): Promise<Response> {
  const input = resource instanceof Request ? resource : new Request(resource, init);
  const url = new URL(input.url);
  const body = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  input.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (body) headers['content-length'] = String(body.length);
  headers['accept-encoding'] ??= 'gzip, deflate, br';

  return new Promise<Response>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: input.method, headers, signal: input.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      const empty = NO_BODY_STATUS.has(status) || input.method === 'HEAD';
      if (empty) res.resume();
      try {
        resolve(new Response(empty ? null : (Readable.toWeb(decoded(res)) as ReadableStream), { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      } catch (error) {
        res.destroy();
        reject(new TypeError(`fetch failed: invalid response (${status})`, { cause: error }));
      }
    });
    req.on('error', (error) => reject(input.signal.aborted ? input.signal.reason : new TypeError('fetch failed', { cause: error })));
    req.end(body);
  });
}

/** The body as fetch would give it: decompressed per Content-Encoding. */
function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return res;
  res.on('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}
