import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseTime } from '../../src/duration.js';
import { UsageError } from '../../src/errors.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('parseDuration', () => {
  it.each([
    ['3600', 3600],
    ['30d', 2_592_000],
    ['12h', 43_200],
    ['90m', 5400],
    ['2 weeks', 1_209_600],
    [' 45s ', 45],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parseDuration(text, '--expires-in')).toBe(seconds);
  });

  it.each(['', 'soon', '-1d', '0', '1.5s', '10x', 'd'])('rejects %j naming the flag', (text) => {
    expect(() => parseDuration(text, '--expires-in')).toThrow(UsageError);
    expect(() => parseDuration(text, '--expires-in')).toThrow(/--expires-in/);
  });
});

describe('parseTime', () => {
  it('reads a duration as that long ago', () => {
    expect(parseTime('1h', '--since', NOW).toISOString()).toBe('2026-11-25T11:00:00.000Z');
    expect(parseTime('7d', '--since', NOW).toISOString()).toBe('2026-11-18T12:00:00.000Z');
  });

  it('reads dates as midnight UTC and times without an offset as UTC', () => {
    expect(parseTime('2026-11-01', '--since', NOW).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTime('2026-11-01T08:30', '--since', NOW).toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(parseTime('2026-11-01T08:30:00+02:00', '--since', NOW).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('rejects days that do not exist and words', () => {
    expect(() => parseTime('2026-02-30', '--until', NOW)).toThrow('--until "2026-02-30" is not a valid date.');
    expect(() => parseTime('yesterday', '--since', NOW)).toThrow('neither a duration nor a date');
  });
});

describe('formatDuration', () => {
  it('uses the largest exact unit, never rounding', () => {
    expect([2_592_000, 43_200, 5400, 45, 90_061].map(formatDuration)).toEqual(['30d', '12h', '90m', '45s', '90061s']);
  });
});
