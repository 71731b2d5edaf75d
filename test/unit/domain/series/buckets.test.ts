import { describe, expect, it } from 'vitest';
import { previousPeriod, type SeriesBucket, type SeriesRange, seriesBuckets } from '../../../../shared/domain/series/buckets.js';
import { emptyCounts, type SeriesCounts } from '../../../../shared/domain/series/series-counts.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const tally = (counts: Partial<SeriesCounts>): SeriesCounts => ({ ...emptyCounts(), ...counts });

/** One click in every UTC hour of [from, to). */
function clickEveryHour(from: string, to: string): Map<number, SeriesCounts> {
  const hours = new Map<number, SeriesCounts>();
  for (let ms = at(from); ms < at(to); ms += HOUR) hours.set(ms, tally({ clicks: 1 }));
  return hours;
}

const range = (tz: string, interval: SeriesRange['interval'], from: string, to: string): SeriesRange => ({
  fromMs: at(from),
  toMs: at(to),
  interval,
  tz,
});

const rows = (buckets: SeriesBucket[]) => buckets.map(({ start, end, clicks }) => [start, end, clicks]);

describe('seriesBuckets', () => {
  it('lists every UTC day of the range, empty ones as zeros', () => {
    const hours = new Map([
      [at('2026-01-01T05:00:00Z'), tally({ clicks: 2, newVisitors: 1 })],
      [at('2026-01-03T23:00:00Z'), tally({ clicks: 1, conversions: 1, conversionValueMicros: 1_500_000 })],
    ]);
    const buckets = seriesBuckets(hours, range('UTC', 'day', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z'));
    expect(buckets).toEqual([
      { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z', ...tally({ clicks: 2, newVisitors: 1 }) },
      { start: '2026-01-02T00:00:00Z', end: '2026-01-03T00:00:00Z', ...emptyCounts() },
      { start: '2026-01-03T00:00:00Z', end: '2026-01-04T00:00:00Z', ...tally({ clicks: 1, conversions: 1, conversionValueMicros: 1_500_000 }) },
    ]);
  });

  it('keeps buckets whole: the first starts at or before from, the last ends at or after to', () => {
    const hours = new Map([
      [at('2026-01-01T03:00:00Z'), tally({ clicks: 1 })], // before from, inside the first bucket
      [at('2026-01-02T18:00:00Z'), tally({ clicks: 10 })], // after to, inside the last bucket
      [at('2026-01-02T00:00:00Z'), tally({ clicks: 1000 })], // the second bucket's first hour
      [at('2026-01-03T00:00:00Z'), tally({ clicks: 100 })], // the hour the last bucket ends at
    ]);
    const buckets = seriesBuckets(hours, range('UTC', 'day', '2026-01-01T10:37:00Z', '2026-01-02T12:00:00Z'));
    expect(rows(buckets)).toEqual([
      ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 1],
      ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', 1010],
    ]);
  });

  it('makes the Berlin day of the spring change 23 hours long', () => {
    const hours = clickEveryHour('2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z');
    const buckets = seriesBuckets(hours, range('Europe/Berlin', 'day', '2026-03-28T00:00:00+01:00', '2026-03-31T00:00:00+02:00'));
    expect(rows(buckets)).toEqual([
      ['2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00', 24],
      ['2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 23],
      ['2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00', 24],
    ]);
  });

  it('makes the Berlin day of the autumn change 25 hours long', () => {
    const hours = clickEveryHour('2026-10-23T00:00:00Z', '2026-10-28T00:00:00Z');
    const buckets = seriesBuckets(hours, range('Europe/Berlin', 'day', '2026-10-24T00:00:00+02:00', '2026-10-27T00:00:00+01:00'));
    expect(rows(buckets)).toEqual([
      ['2026-10-24T00:00:00+02:00', '2026-10-25T00:00:00+02:00', 24],
      ['2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 25],
      ['2026-10-26T00:00:00+01:00', '2026-10-27T00:00:00+01:00', 24],
    ]);
  });

  it('gives Berlin hours one bucket per clock hour shown: none for the skipped 02:00, two for the repeated one', () => {
    const hours = clickEveryHour('2026-03-28T00:00:00Z', '2026-10-27T00:00:00Z');
    const spring = seriesBuckets(hours, range('Europe/Berlin', 'hour', '2026-03-29T00:00:00+01:00', '2026-03-29T04:00:00+02:00'));
    expect(spring.map((bucket) => bucket.start)).toEqual(['2026-03-29T00:00:00+01:00', '2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']);
    const autumn = seriesBuckets(hours, range('Europe/Berlin', 'hour', '2026-10-25T00:00:00+02:00', '2026-10-25T04:00:00+01:00'));
    expect(autumn.map((bucket) => bucket.start)).toEqual([
      '2026-10-25T00:00:00+02:00',
      '2026-10-25T01:00:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T03:00:00+01:00',
    ]);
    expect(autumn.every((bucket) => bucket.clicks === 1)).toBe(true);
  });

  it('starts New York weeks on Monday midnight, the week of the spring change 167 hours long', () => {
    const hours = clickEveryHour('2026-02-25T00:00:00Z', '2026-03-30T00:00:00Z');
    const buckets = seriesBuckets(hours, range('America/New_York', 'week', '2026-03-04T00:00:00-05:00', '2026-03-18T00:00:00-04:00'));
    expect(rows(buckets)).toEqual([
      ['2026-03-02T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 167],
      ['2026-03-09T00:00:00-04:00', '2026-03-16T00:00:00-04:00', 168],
      ['2026-03-16T00:00:00-04:00', '2026-03-23T00:00:00-04:00', 168],
    ]);
  });

  it('puts each UTC hour whole into the Kolkata clock hour its start falls in', () => {
    const hours = new Map([
      [at('2025-12-31T18:00:00Z'), tally({ clicks: 100 })], // 23:30 local: the hour before the range
      [at('2025-12-31T19:00:00Z'), tally({ clicks: 1 })], // 00:30 local
      [at('2025-12-31T20:00:00Z'), tally({ clicks: 2 })],
      [at('2025-12-31T21:00:00Z'), tally({ clicks: 4 })],
    ]);
    const buckets = seriesBuckets(hours, range('Asia/Kolkata', 'hour', '2026-01-01T00:00:00+05:30', '2026-01-01T03:00:00+05:30'));
    expect(rows(buckets)).toEqual([
      ['2026-01-01T00:00:00+05:30', '2026-01-01T01:00:00+05:30', 1],
      ['2026-01-01T01:00:00+05:30', '2026-01-01T02:00:00+05:30', 2],
      ['2026-01-01T02:00:00+05:30', '2026-01-01T03:00:00+05:30', 4],
    ]);
  });

  it('does the same at Kathmandu’s +05:45', () => {
    const hours = new Map([
      [at('2025-12-31T18:00:00Z'), tally({ clicks: 100 })], // 23:45 local
      [at('2025-12-31T19:00:00Z'), tally({ clicks: 1 })], // 00:45 local
    ]);
    const buckets = seriesBuckets(hours, range('Asia/Kathmandu', 'hour', '2026-01-01T00:00:00+05:45', '2026-01-01T01:00:00+05:45'));
    expect(rows(buckets)).toEqual([['2026-01-01T00:00:00+05:45', '2026-01-01T01:00:00+05:45', 1]]);
  });

  it('gives calendar months across a year end', () => {
    const hours = clickEveryHour('2025-10-01T00:00:00Z', '2026-04-01T00:00:00Z');
    const buckets = seriesBuckets(hours, range('Europe/Berlin', 'month', '2025-11-15T00:00:00+01:00', '2026-02-10T00:00:00+01:00'));
    expect(rows(buckets)).toEqual([
      ['2025-11-01T00:00:00+01:00', '2025-12-01T00:00:00+01:00', 30 * 24],
      ['2025-12-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00', 31 * 24],
      ['2026-01-01T00:00:00+01:00', '2026-02-01T00:00:00+01:00', 31 * 24],
      ['2026-02-01T00:00:00+01:00', '2026-03-01T00:00:00+01:00', 28 * 24],
    ]);
  });

  it('starts the Santiago day whose midnight is skipped at 01:00, 23 hours long', () => {
    const hours = clickEveryHour('2025-09-05T00:00:00Z', '2025-09-10T00:00:00Z');
    const buckets = seriesBuckets(hours, range('America/Santiago', 'day', '2025-09-06T00:00:00-04:00', '2025-09-08T00:00:00-03:00'));
    expect(rows(buckets)).toEqual([
      ['2025-09-06T00:00:00-04:00', '2025-09-07T01:00:00-03:00', 24],
      ['2025-09-07T01:00:00-03:00', '2025-09-08T00:00:00-03:00', 23],
    ]);
  });
});

describe('previousPeriod', () => {
  it('is the same number of days just before', () => {
    expect(previousPeriod(range('UTC', 'day', '2026-01-08T00:00:00Z', '2026-01-15T00:00:00Z'))).toEqual(
      range('UTC', 'day', '2026-01-01T00:00:00Z', '2026-01-08T00:00:00Z'),
    );
  });

  it('ends where the first bucket starts when from is not on a boundary', () => {
    expect(previousPeriod(range('UTC', 'day', '2026-01-08T10:00:00Z', '2026-01-10T00:00:00Z'))).toEqual(
      range('UTC', 'day', '2026-01-06T00:00:00Z', '2026-01-08T00:00:00Z'),
    );
  });

  it('counts local days, so a period over the spring change is 71 hours', () => {
    expect(previousPeriod(range('Europe/Berlin', 'day', '2026-03-30T00:00:00+02:00', '2026-04-02T00:00:00+02:00'))).toEqual(
      range('Europe/Berlin', 'day', '2026-03-27T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    );
  });

  it('is the same number of calendar months before for month intervals', () => {
    expect(previousPeriod(range('Europe/Berlin', 'month', '2026-01-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00'))).toEqual(
      range('Europe/Berlin', 'month', '2025-10-01T00:00:00+02:00', '2026-01-01T00:00:00+01:00'),
    );
  });
});
