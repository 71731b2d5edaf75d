import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previousPeriod, SERIES_INTERVALS, type SeriesInterval, type SeriesRange, seriesBuckets } from '../../../../shared/domain/series/buckets.js';
import { emptyCounts, SERIES_FIELDS, type SeriesCounts } from '../../../../shared/domain/series/series-counts.js';

const HOUR = 3_600_000;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/Santiago', 'Asia/Beirut', 'Australia/Lord_Howe'];
// A DST change of each zone but UTC and the +05:30/+05:45 ones, in 2025: ranges near them straddle it.
const CHANGES: [string, string][] = [
  ['Europe/Berlin', '2025-03-30T01:00:00Z'],
  ['Europe/Berlin', '2025-10-26T01:00:00Z'],
  ['America/New_York', '2025-03-09T07:00:00Z'],
  ['America/New_York', '2025-11-02T06:00:00Z'],
  ['America/Santiago', '2025-04-06T03:00:00Z'],
  ['America/Santiago', '2025-09-07T04:00:00Z'],
  ['Asia/Beirut', '2025-03-29T22:00:00Z'],
  ['Asia/Beirut', '2025-10-25T21:00:00Z'],
  // Lord Howe moves its clocks by 30 minutes.
  ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'],
  ['Australia/Lord_Howe', '2025-10-04T15:30:00Z'],
];
const MAX_SPAN_HOURS: Record<SeriesInterval, number> = { hour: 24 * 20, day: 24 * 120, week: 24 * 7 * 40, month: 24 * 31 * 30 };

const startArb = fc.oneof(
  fc.record({
    tz: fc.constantFrom(...ZONES),
    fromMs: fc.integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2027, 0, 1) / 1000 }).map((s) => s * 1000),
  }),
  fc
    .tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -2 * 86_400, max: 86_400 }))
    .map(([[tz, change], s]) => ({ tz, fromMs: Date.parse(change) + s * 1000 })),
);

const rangeArb: fc.Arbitrary<SeriesRange> = fc
  .record({ start: startArb, interval: fc.constantFrom(...SERIES_INTERVALS) })
  .chain(({ start, interval }) =>
    fc.integer({ min: 1, max: MAX_SPAN_HOURS[interval] * 3600 }).map((seconds) => ({ ...start, interval, toMs: start.fromMs + seconds * 1000 })),
  );

const countsArb: fc.Arbitrary<SeriesCounts> = fc.record(
  Object.fromEntries(SERIES_FIELDS.map((field) => [field, fc.nat({ max: 1000 })])) as Record<keyof SeriesCounts, fc.Arbitrary<number>>,
);

/** Hour tallies from well before the range to well after it, keyed by UTC hour start. */
const hoursArb = (range: SeriesRange) => {
  const first = Math.floor(range.fromMs / HOUR) - 24 * 40;
  const last = Math.ceil(range.toMs / HOUR) + 24 * 40;
  return fc
    .array(fc.tuple(fc.integer({ min: first, max: last }), countsArb), { maxLength: 200 })
    .map((entries) => new Map(entries.map(([hour, counts]) => [hour * HOUR, counts])));
};

function sumWithin(hours: ReadonlyMap<number, SeriesCounts>, startMs: number, endMs: number): SeriesCounts {
  const sum = emptyCounts();
  for (const [hourMs, counts] of hours) {
    if (hourMs >= startMs && hourMs < endMs) for (const field of SERIES_FIELDS) sum[field] += counts[field];
  }
  return sum;
}

const countsOf = (bucket: SeriesCounts): SeriesCounts => Object.fromEntries(SERIES_FIELDS.map((field) => [field, bucket[field]])) as unknown as SeriesCounts;

describe('seriesBuckets (property)', () => {
  it('covers the range with contiguous, increasing buckets that hold exactly the hours starting inside them', () => {
    fc.assert(
      fc.property(
        rangeArb.chain((range) => hoursArb(range).map((hours) => ({ range, hours }))),
        ({ range, hours }) => {
          const buckets = seriesBuckets(hours, range);
          const starts = buckets.map((bucket) => Date.parse(bucket.start));
          const ends = buckets.map((bucket) => Date.parse(bucket.end));
          expect(starts[0]).toBeLessThanOrEqual(range.fromMs);
          expect(range.fromMs).toBeLessThan(ends[0]!);
          expect(starts.at(-1)).toBeLessThan(range.toMs);
          expect(ends.at(-1)).toBeGreaterThanOrEqual(range.toMs);
          buckets.forEach((bucket, i) => {
            expect(starts[i]).toBeLessThan(ends[i]!);
            if (i + 1 < buckets.length) expect(bucket.end).toBe(buckets[i + 1]!.start);
            expect(countsOf(bucket)).toEqual(sumWithin(hours, starts[i]!, ends[i]!));
          });
          const total = emptyCounts();
          for (const bucket of buckets) for (const field of SERIES_FIELDS) total[field] += bucket[field];
          expect(total).toEqual(sumWithin(hours, starts[0]!, ends.at(-1)!));
        },
      ),
    );
  });

  it('compares with as many buckets ending where the first bucket starts', () => {
    fc.assert(
      fc.property(rangeArb, (range) => {
        const current = seriesBuckets(new Map(), range);
        const previous = seriesBuckets(new Map(), previousPeriod(range));
        expect(previous).toHaveLength(current.length);
        expect(previous.at(-1)!.end).toBe(current[0]!.start);
      }),
    );
  });
});
