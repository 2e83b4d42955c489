import { UsageError } from '../../errors.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// fetch manages these itself and fails the request (or ignores the header) when they are given.
const MANAGED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect']);

/** -H 'Name: value' flags as lower-case names, so a user's Accept or Content-Type replaces epi's. */
export function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0)).trim();
    const value = line.slice(colon + 1).trim();
    if (colon < 0 || !TOKEN.test(name)) {
      throw new UsageError(`-H "${line}" is not a header.`, { hint: "Write -H 'Name: value', e.g. -H 'Accept-Language: de'." });
    }
    // Header values travel as bytes (Latin-1); anything else, or a line break, cannot be sent.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new UsageError(`-H ${name}: the value has characters a header cannot carry (line breaks, control or non-Latin-1 characters).`);
    }
    const key = name.toLowerCase();
    if (MANAGED.has(key)) throw new UsageError(`-H ${name}: this header is set by the HTTP client; leave it out.`);
    headers.set(key, headers.has(key) ? `${headers.get(key)}, ${value}` : value);
  }
  return Object.fromEntries(headers);
}
