import ms from 'ms';
import { UsageError } from './errors.js';

/**
 * Durations and points in time typed by people: `--expires-in 30d|12h|3600`, `--since 1h|7d|2026-11-01`.
 * Durations are read by `ms`, whose format is the one the Access Token API documents for its
 * `expires_in` strings, so "30d" means here what it means there. A bare number is seconds, as the
 * API takes it (ms alone would read it as milliseconds).
 */

const DURATION_EXAMPLES = '30d, 12h, 15m, 3600 (seconds)';
const TIME_EXAMPLES = '1h or 7d (ago), 2026-11-01, or 2026-11-01T08:30:00Z';

/** Whole seconds of a duration such as "30d", "12h", "2 weeks" or "3600"; anything else is a usage error naming the flag. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  const millis = /^\d+$/.test(value) ? Number(value) * 1000 : /^\d/.test(value) ? ms(value as ms.StringValue) : undefined;
  if (millis === undefined || !Number.isFinite(millis) || millis <= 0 || millis % 1000 !== 0) {
    throw new UsageError(`${flag} "${text}" is not a duration.`, { hint: `Use a whole number with a unit, e.g. ${DURATION_EXAMPLES}.` });
  }
  return millis / 1000;
}

/**
 * A point in time: a duration ago ("1h", "7d") or an ISO 8601 date or date-time. A date alone is
 * midnight UTC, and a date-time without an offset is UTC too, so a script means the same instant on
 * every machine.
 */
export function parseTime(text: string, flag: string, now: number): Date {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) {
    const iso = value.replace(' ', 'T');
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) && iso.includes('T');
    const date = new Date(iso.includes('T') && !hasOffset ? `${iso}Z` : iso);
    // JavaScript rolls 2026-02-30 over into March; a day that does not exist is a typo.
    const day = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== iso.slice(0, 10)) {
      throw new UsageError(`${flag} "${text}" is not a valid date.`, { hint: `Use ${TIME_EXAMPLES}.` });
    }
    return date;
  }
  let seconds: number;
  try {
    seconds = parseDuration(value, flag);
  } catch {
    throw new UsageError(`${flag} "${text}" is neither a duration nor a date.`, { hint: `Use ${TIME_EXAMPLES}.` });
  }
  return new Date(now - seconds * 1000);
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** Seconds in the largest unit that divides them exactly: 2592000 → "30d", 5400 → "90m". Never rounded. */
export function formatDuration(seconds: number): string {
  const [unit, size] = UNITS.find(([, size]) => seconds % size === 0) ?? UNITS.at(-1)!;
  return `${seconds / size}${unit}`;
}
