import { describe, expect, it } from 'vitest';
import { resolveSeriesQuery } from '../../../../shared/domain/series/series-query.js';
import { RippleError, type ValidationIssue } from '../../../../shared/errors.js';

const NOW = new Date('2026-04-15T10:00:00Z');
const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

function refusal(raw: Record<string, string>): { message: string; issues: ValidationIssue[] } {
  try {
    resolveSeriesQuery(raw, NOW);
  } catch (error) {
    if (error instanceof RippleError && error.code === 'validation_error') return { message: error.message, issues: error.details.issues ?? [] };
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('resolveSeriesQuery', () => {
  it('defaults to the 30 days up to now, by day, in UTC, without comparison', () => {
    expect(resolveSeriesQuery({}, NOW)).toEqual({
      fromMs: at('2026-03-16T10:00:00Z'),
      toMs: NOW.getTime(),
      interval: 'day',
      tz: 'UTC',
      compare: false,
      format: undefined,
    });
  });

  it('reads date-times with an offset, with Z, with fractions, and with a + that arrived as a space', () => {
    const query = resolveSeriesQuery({ from: '2026-03-29T00:00:00+02:00', to: '2026-03-30T12:30:00.250Z' }, NOW);
    expect(query.fromMs).toBe(at('2026-03-28T22:00:00Z'));
    expect(query.toMs).toBe(at('2026-03-30T12:30:00.250Z'));
    expect(resolveSeriesQuery({ from: '2026-03-29T00:00:00 02:00' }, NOW).fromMs).toBe(at('2026-03-28T22:00:00Z'));
  });

  it('reads plain dates as local midnight in tz, to as the exclusive end', () => {
    const query = resolveSeriesQuery({ from: '2026-03-29', to: '2026-03-30', tz: 'Europe/Berlin' }, NOW);
    expect(query.fromMs).toBe(at('2026-03-29T00:00:00+01:00'));
    expect(query.toMs).toBe(at('2026-03-30T00:00:00+02:00'));
  });

  it('reads a plain date whose midnight does not exist as the first instant of that day', () => {
    expect(resolveSeriesQuery({ from: '2025-09-07', to: '2025-09-08', tz: 'America/Santiago' }, NOW).fromMs).toBe(at('2025-09-07T01:00:00-03:00'));
  });

  it('defaults from to 30 local days before to', () => {
    expect(resolveSeriesQuery({ to: '2026-04-05', tz: 'Europe/Berlin' }, NOW).fromMs).toBe(at('2026-03-06T00:00:00+01:00'));
  });

  it('takes interval, tz (canonical name), compare=previous and format', () => {
    expect(resolveSeriesQuery({ interval: 'week', tz: 'utc', compare: 'previous', format: 'csv' }, NOW)).toMatchObject({
      interval: 'week',
      tz: 'UTC',
      compare: true,
      format: 'csv',
    });
  });

  it('accepts 10,000 buckets and refuses 10,001, saying what to do', () => {
    const from = '2026-01-01T00:00:00Z';
    const until = (hours: number) => new Date(at(from) + hours * HOUR).toISOString();
    expect(resolveSeriesQuery({ from, to: until(10_000), interval: 'hour' }, NOW).toMs).toBe(at(from) + 10_000 * HOUR);
    expect(refusal({ from, to: until(10_001), interval: 'hour' }).issues).toEqual([
      { path: ['interval'], message: 'at most 10,000 buckets: choose a larger interval or a shorter range' },
    ]);
  });

  it('refuses from after to, and from equal to to', () => {
    const refused = refusal({ from: '2026-03-02', to: '2026-03-01' });
    expect(refused.issues).toEqual([{ path: ['from'], message: 'must be before to' }]);
    expect(refused.message).toBe('Invalid request: from: must be before to');
    expect(refusal({ from: '2026-03-01', to: '2026-03-01' }).issues[0]?.path).toEqual(['from']);
  });

  it('refuses a default to of now when from is in the future', () => {
    expect(refusal({ from: '2026-05-01' }).issues).toEqual([{ path: ['from'], message: 'must be before to' }]);
  });

  it('refuses an unknown time zone, naming what is allowed', () => {
    expect(refusal({ tz: 'Mars/Olympus_Mons' }).issues).toEqual([{ path: ['tz'], message: 'must be an IANA time zone such as UTC or Europe/Berlin' }]);
  });

  it('refuses an unknown interval, listing the known ones', () => {
    expect(refusal({ interval: 'minute' }).issues).toEqual([{ path: ['interval'], message: 'must be one of hour, day, week, month' }]);
  });

  it.each(['yesterday', '2026-02-30', '2026-13-01', '2026-03-29T24:00:00Z', '2026-03-29T00:00:00', '2026-03-29T00:00:00+25:00', '26-03-29'])(
    'refuses from=%j',
    (from) => {
      const { issues } = refusal({ from });
      expect(issues.map((issue) => issue.path)).toEqual([['from']]);
      expect(issues[0]?.message).toMatch(/date-time with an offset .* or a date/);
    },
  );

  it('refuses compare other than previous and format other than json or csv', () => {
    expect(refusal({ compare: 'next', format: 'xml' }).issues).toEqual([
      { path: ['compare'], message: 'must be previous' },
      { path: ['format'], message: 'must be json or csv' },
    ]);
  });
});
