import { describe, expect, it } from 'vitest';
import type { SeriesBucket } from '../../../../shared/domain/series/buckets.js';
import { addCounts, emptyCounts, type SeriesCounts } from '../../../../shared/domain/series/series-counts.js';
import { seriesCsv } from '../../../../shared/domain/series/series-csv.js';

const bucket = (start: string, end: string, counts: Partial<SeriesCounts> = {}): SeriesBucket => ({
  start,
  end,
  ...emptyCounts(),
  ...counts,
});

const HEADER = 'start,end,clicks,botClicks,newVisitors,links,reshares,conversions,conversionValue';

describe('addCounts', () => {
  it('adds every field into the first tally', () => {
    const into = { ...emptyCounts(), clicks: 1, conversionValueMicros: 500_000 };
    addCounts(into, { clicks: 2, botClicks: 3, newVisitors: 4, links: 5, reshares: 6, conversions: 7, conversionValueMicros: 8 });
    expect(into).toEqual({ clicks: 3, botClicks: 3, newVisitors: 4, links: 5, reshares: 6, conversions: 7, conversionValueMicros: 500_008 });
  });
});

describe('seriesCsv', () => {
  it('writes one row per bucket, conversion value in units', () => {
    const csv = seriesCsv([
      bucket('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', { clicks: 23, conversions: 2, conversionValueMicros: 1_234_567 }),
      bucket('2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00'),
    ]);
    expect(csv).toBe(
      `${HEADER}\r\n` +
        '2026-03-29T00:00:00+01:00,2026-03-30T00:00:00+02:00,23,0,0,0,0,2,1.234567\r\n' +
        '2026-03-30T00:00:00+02:00,2026-03-31T00:00:00+02:00,0,0,0,0,0,0,0\r\n',
    );
  });

  it('puts the previous period’s bucket of the same index on the same row under previous_ columns', () => {
    const csv = seriesCsv(
      [bucket('2026-01-08T00:00:00Z', '2026-01-09T00:00:00Z', { clicks: 5 })],
      [bucket('2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z', { clicks: 3, links: 1 })],
    );
    const previousHeader = HEADER.split(',')
      .map((column) => `previous_${column}`)
      .join(',');
    expect(csv).toBe(
      `${HEADER},${previousHeader}\r\n` + '2026-01-08T00:00:00Z,2026-01-09T00:00:00Z,5,0,0,0,0,0,0,2026-01-07T00:00:00Z,2026-01-08T00:00:00Z,3,0,0,1,0,0,0\r\n',
    );
  });

  it('writes the header alone for no buckets', () => {
    expect(seriesCsv([])).toBe(`${HEADER}\r\n`);
  });
});
