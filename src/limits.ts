import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors.js';

/**
 * How much a server may send before epi stops: nothing a server sends is trusted, so a body that
 * inflates without end or a listing that never ends fails loudly instead of eating the machine.
 */
export interface ServerLimits {
  /** Decoded bytes of one response body (--max-body, EPI_MAX_BODY_MB). */
  maxBodyBytes: number;
  /** Records one paged read may return (--max-records, EPI_MAX_RECORDS). */
  maxRecords: number;
}

/** Holds any real epilot response with room to spare (a full page of users is well under 1 MB). */
export const DEFAULT_MAX_BODY_MB = 64;
/** Far above any organization's users, roles or groups, far below what exhausts memory. */
export const DEFAULT_MAX_RECORDS = 100_000;

/**
 * The longest Retry-After epi waits for (a GET's retry, a bulk row's re-send). A server that asks
 * for longer fails the request at once, naming the wait, instead of leaving the command silent.
 */
export const MAX_RETRY_AFTER_MS = 120_000;

export const DEFAULT_LIMITS: ServerLimits = { maxBodyBytes: DEFAULT_MAX_BODY_MB * 2 ** 20, maxRecords: DEFAULT_MAX_RECORDS };

const positiveMb = (v: string): number | undefined => {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};
const positiveInt = (v: string): number | undefined => {
  const n = Number(v);
  return v.trim() !== '' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** commander parsers for the two global flags. */
export function maxBodyOption(v: string): number {
  const n = positiveMb(v);
  if (n === undefined) throw new InvalidArgumentError('--max-body takes a size in MB greater than 0, e.g. 256.');
  return n;
}

export function maxRecordsOption(v: string): number {
  const n = positiveInt(v);
  if (n === undefined) throw new InvalidArgumentError('--max-records takes a whole number of 1 or more, e.g. 500000.');
  return n;
}

/** The flags win over the environment, which wins over the defaults. */
export function serverLimits(flags: { maxBody?: number; maxRecords?: number }, env: Record<string, string | undefined>): ServerLimits {
  const mb = flags.maxBody ?? fromEnv(env, 'EPI_MAX_BODY_MB', positiveMb, 'a size in MB greater than 0') ?? DEFAULT_MAX_BODY_MB;
  const records = flags.maxRecords ?? fromEnv(env, 'EPI_MAX_RECORDS', positiveInt, 'a whole number of 1 or more') ?? DEFAULT_MAX_RECORDS;
  return { maxBodyBytes: Math.floor(mb * 2 ** 20), maxRecords: records };
}

function fromEnv(env: Record<string, string | undefined>, name: string, parse: (v: string) => number | undefined, what: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = parse(raw);
  if (n === undefined) throw new UsageError(`${name} must be ${what}, not "${raw}".`, { hint: `Fix or unset ${name}.` });
  return n;
}

/** 67108864 → "64 MB", 1536 → "0.0015 MB": the unit the flag takes. */
export function megabytes(bytes: number): string {
  return `${Number((bytes / 2 ** 20).toPrecision(4))} MB`;
}
