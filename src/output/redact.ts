const SECRET_KEY = /pass(word)?|secret|token/i;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const BEARER = /(bearer\s+)[^\s"',]+/gi;
const MASK = '***';

/** Masks password-like fields in a request body before it is shown (--dry-run, --debug). */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  // Only plain JSON objects hold fields; a class instance (an exact number) is a value and stays whole.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? MASK : redactSecrets(v)]),
  );
}

/** Removes a known token and anything shaped like a JWT or a bearer credential from a line. */
export function redactLine(line: string, token?: string): string {
  const out = token ? line.split(token).join(MASK) : line;
  return out.replace(JWT, MASK).replace(BEARER, `$1${MASK}`);
}

/** Shortens text for one log line. Mask secrets first: a token cut in half no longer matches. */
export function abbreviate(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}… (${text.length} bytes)` : flat;
}

/**
 * The secrets one run of epi has seen: the token it sends (JWT or opaque), invitation tokens,
 * passwords. Everything written to stderr (messages, errors, a server's words echoed back,
 * `epi api -i` headers, --debug lines) passes through `mask`, which also hides anything shaped
 * like a JWT or a bearer credential. stdout is data and is left alone (`epi auth token` prints
 * the token on purpose).
 */
export class SecretMask {
  private secrets: string[] = [];

  /** Values shorter than 4 characters are not secrets worth hiding, and masking them would mangle text. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.includes(secret)) return;
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...this.secrets, secret].sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return redactLine(out);
  }

  /** The stream with every write masked; everything else (isTTY, columns, events) is the stream's own. */
  wrap(stream: NodeJS.WritableStream): NodeJS.WritableStream {
    const write = (chunk: unknown, ...rest: unknown[]) => {
      const masked = typeof chunk === 'string' ? this.mask(chunk) : chunk instanceof Uint8Array ? Buffer.from(this.mask(Buffer.from(chunk).toString('utf8'))) : chunk;
      return (stream.write as (...args: unknown[]) => boolean)(masked, ...rest);
    };
    return new Proxy(stream, {
      get(target, prop) {
        if (prop === 'write') return write;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
