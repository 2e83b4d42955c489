const SECRET_KEY = /pass(word)?|secret|token/i;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/** Masks password-like fields in a request body before it is shown (--dry-run, --debug). */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  // Only plain JSON objects hold fields; a class instance (an exact number) is a value and stays whole.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? '***' : redactSecrets(v)]),
  );
}

/** Removes a known token and anything shaped like a JWT or a bearer credential from a line. */
export function redactLine(line: string, token?: string): string {
  let out = token ? line.split(token).join('***') : line;
  out = out.replace(JWT, '***').replace(/(bearer\s+)[^\s"',]+/gi, '$1***');
  return out;
}

export function abbreviate(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}… (${text.length} bytes)` : flat;
}
