import { PassThrough, Readable } from 'node:stream';
import ky from 'ky';
import { describe, expect, it } from 'vitest';
import { Headers, Request, Response } from '../../src/api/fetch-classes.js';
import { ResponseTooLargeError } from '../../src/api/node-fetch.js';

describe('Headers', () => {
  it('matches names case-insensitively, trims values and joins repeated ones with ", "', () => {
    const h = new Headers({ 'Content-Type': ' application/json\t', Accept: 'a' });
    h.append('accept', 'b');
    expect(h.get('content-type')).toBe('application/json');
    expect(h.get('ACCEPT')).toBe('a, b');
    expect(h.has('Accept')).toBe(true);
    h.set('Accept', 'c');
    expect(h.get('accept')).toBe('c');
    h.delete('ACCEPT');
    expect(h.get('accept')).toBeNull();
  });

  it('iterates sorted by name, keeping each Set-Cookie apart', () => {
    const h = new Headers([
      ['x-b', '2'],
      ['Set-Cookie', 'a=1'],
      ['x-a', '1'],
      ['set-cookie', 'b=2'],
    ]);
    expect([...h]).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['x-a', '1'],
      ['x-b', '2'],
    ]);
    expect(h.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(Object.fromEntries(new Headers(h))).toEqual({ 'set-cookie': 'b=2', 'x-a': '1', 'x-b': '2' });
    const seen: string[] = [];
    h.forEach((value, name) => seen.push(`${name}=${value}`));
    expect(seen).toEqual(['set-cookie=a=1', 'set-cookie=b=2', 'x-a=1', 'x-b=2']);
  });

  it('refuses names that are no token and values with CR, LF or NUL, as fetch does', () => {
    expect(() => new Headers({ 'bad name': 'x' })).toThrow(TypeError);
    expect(() => new Headers({ 'x-a': 'one\r\nx-b: two' })).toThrow(TypeError);
    expect(() => new Headers().append('x-a', 'a\0b')).toThrow(TypeError);
    expect(() => new Headers([['only-name']] as unknown as string[][])).toThrow(TypeError);
  });
});

describe('Request', () => {
  it('normalises the URL and the standard methods, and types a string body as text', async () => {
    const r = new Request('http://EXAMPLE.com/a b?x=1', { method: 'post', body: 'hi' });
    expect(r.url).toBe('http://example.com/a%20b?x=1');
    expect(r.method).toBe('POST');
    expect(r.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await r.text()).toBe('hi');
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow(TypeError);
    expect(new Request('http://x.example/', { method: 'PATCH' }).method).toBe('PATCH');
    expect(new Request('http://x.example/', { method: 'post', headers: { 'content-type': 'application/json' }, body: '{}' }).headers.get('content-type')).toBe('application/json');
  });

  it('refuses a relative URL, a bad method and a body on GET or HEAD', () => {
    expect(() => new Request('/relative')).toThrow(TypeError);
    expect(() => new Request('http://x.example/', { method: 'GE T' })).toThrow(TypeError);
    expect(() => new Request('http://x.example/', { method: 'GET', body: 'x' })).toThrow('GET/HEAD');
    expect(() => new Request('http://x.example/', { method: 'HEAD', body: 'x' })).toThrow('GET/HEAD');
  });

  it('clones and copies with the body, headers and signal; a new signal replaces the old', async () => {
    const first = new AbortController();
    const r = new Request('http://x.example/', { method: 'PUT', headers: { 'x-a': '1' }, body: new TextEncoder().encode('bytes'), signal: first.signal });
    const copy = r.clone();
    expect(copy.method).toBe('PUT');
    expect(copy.headers.get('x-a')).toBe('1');
    expect(copy.signal).toBe(first.signal);
    expect(await copy.text()).toBe('bytes');
    const second = new AbortController();
    const resent = new Request(r, { signal: second.signal });
    expect(resent.signal).toBe(second.signal);
    expect(await resent.text()).toBe('bytes');
    expect(await r.text()).toBe('bytes');
    expect(() => r.clone()).toThrow(TypeError);
  });

  it('gives the transport its bytes without a web stream, undefined when it has no body', async () => {
    expect(await new Request('http://x.example/', { method: 'POST', body: '{"a":1}' }).sentBytes()).toEqual(Buffer.from('{"a":1}'));
    expect(await new Request('http://x.example/', { method: 'POST', body: '' }).sentBytes()).toEqual(Buffer.alloc(0));
    expect(await new Request('http://x.example/', { method: 'POST' }).sentBytes()).toBeUndefined();
  });

  it('has a signal that never aborts when none was given, and a body web stream ky can cancel', async () => {
    const r = new Request('http://x.example/', { method: 'POST', body: 'abc' });
    expect(r.signal.aborted).toBe(false);
    await expect(r.body!.cancel()).resolves.toBeUndefined();
    expect(new Request('http://x.example/').body).toBeNull();
  });
});

describe('Response', () => {
  it('reads a Node stream once, as text, JSON or bytes, dropping a UTF-8 byte order mark', async () => {
    const json = new Response(Readable.from([Buffer.from('\uFEFF{"a":'), Buffer.from('1}')]), { status: 201, statusText: 'Created', headers: { 'content-type': 'application/json' } });
    expect(json.ok).toBe(true);
    expect(json.status).toBe(201);
    expect(json.statusText).toBe('Created');
    expect(await json.json()).toEqual({ a: 1 });
    await expect(json.text()).rejects.toThrow(TypeError);
    const bytes = new Response(Readable.from([Buffer.from([1, 2]), Buffer.from([3])]));
    expect([...(await bytes.bytes())]).toEqual([1, 2, 3]);
    expect(new Response(null, { status: 404 }).ok).toBe(false);
  });

  it('hands over the bytes it read without copying them (receivedBytes), and still copies for arrayBuffer()', async () => {
    const chunk = Buffer.from('{"results":[]}');
    // One chunk is the body as it came: the same memory, not a copy of it.
    expect(await new Response(Readable.from([chunk])).receivedBytes()).toBe(chunk);
    // Several are joined; a character split between two chunks comes out whole.
    const split = await new Response(Readable.from([Buffer.from('{"a":"'), Buffer.from([0xc3]), Buffer.from([0xbc, 0x22, 0x7d])])).receivedBytes();
    expect(new TextDecoder('utf-8', { fatal: true }).decode(split)).toBe('{"a":"ü"}');
    // arrayBuffer() is fetch's: memory of its own, so writing to it leaves the chunk as it was.
    const buffer = await new Response(Readable.from([chunk])).arrayBuffer();
    expect(buffer.byteLength).toBe(chunk.length);
    new Uint8Array(buffer)[0] = 0x20;
    expect(chunk.toString()).toBe('{"results":[]}');
  });

  it('rejects a read with the error that broke the stream (the body cap)', async () => {
    const broken = new Readable({ read() {} });
    const response = new Response(broken);
    const reading = response.text();
    broken.push('partial');
    broken.destroy(new ResponseTooLargeError(5));
    await expect(reading).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('rejects a read of a stream that failed or closed before anyone read it', async () => {
    const failed = new PassThrough();
    failed.destroy(new Error('reset'));
    await expect(new Response(failed).text()).rejects.toThrow('reset');
    const closed = new PassThrough();
    closed.destroy();
    await expect(new Response(closed).text()).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    const cut = new PassThrough();
    const reading = new Response(cut).text();
    cut.write('part');
    cut.destroy();
    await expect(reading).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('cancelling its body web stream destroys the Node stream under it (the socket)', async () => {
    const source = new PassThrough();
    const response = new Response(source);
    const reading = response.text();
    source.write('part');
    await response.body!.cancel();
    expect(source.destroyed).toBe(true);
    await expect(reading).rejects.toBeDefined();
  });

  it('clones a streamed body into two readable copies', async () => {
    const response = new Response(Readable.from([Buffer.from('one '), Buffer.from('two')]), { status: 200, headers: { 'x-a': '1' } });
    const copy = response.clone();
    expect(copy.headers.get('x-a')).toBe('1');
    expect(await copy.text()).toBe('one two');
    expect(await response.text()).toBe('one two');
  });

  it('refuses a status outside 200-599 and a body on a null-body status, as fetch does', () => {
    expect(() => new Response(null, { status: 99 })).toThrow(RangeError);
    expect(() => new Response(null, { status: 600 })).toThrow(RangeError);
    expect(() => new Response('x', { status: 204 })).toThrow(TypeError);
    expect(new Response(null, { status: 204 }).body).toBeNull();
    expect(new Response('text').headers.get('content-type')).toBe('text/plain;charset=UTF-8');
  });
});

describe('ky with these classes', () => {
  it('hands the transport epi’s Request, and takes its Response, without Node’s fetch classes', async () => {
    const seen: unknown[] = [];
    const client = ky.create({
      retry: 0,
      fetch: (async (request: Request) => {
        seen.push(request);
        return new Response(JSON.stringify({ echo: await request.text() }), { status: 200, headers: { 'content-type': 'application/json' } });
      }) as unknown as typeof fetch,
    });
    const response = await client.post('http://x.example/items', { json: { a: 1 } });
    expect(seen[0]).toBeInstanceOf(Request);
    expect((seen[0] as Request).headers.get('content-type')).toBe('application/json');
    expect(response).toBeInstanceOf(Response);
    expect(await response.json()).toEqual({ echo: '{"a":1}' });
  });
});
