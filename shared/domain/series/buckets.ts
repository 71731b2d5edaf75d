import { addCounts, emptyCounts, type SeriesCounts } from './series-counts.js';
import { addDays, addMonths, formatInstant, isoWeekday, localMidnight, offsetChangeIn, offsetMs, wallTime } from './zoned-time.js';

// Hour tallies are kept per UTC hour; each goes whole into the bucket containing its start instant.
// An hour bucket is a local clock hour, so where the offset is not a whole number of hours
// (Asia/Kolkata +05:30, Asia/Kathmandu +05:45) it holds the one UTC hour that starts inside it.
//
// Buckets are whole and aligned in the zone: day, week (ISO, from Monday) and month buckets start
// at local midnight (23 or 25 hours around DST changes); the first starts at the boundary at or
// before `from`, the last ends at or after `to`, and each counts every hour inside it, not only
// those within [from, to).

export const SERIES_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

export interface SeriesRange {
  fromMs: number;
  toMs: number;
  interval: SeriesInterval;
  tz: string;
}

export type SeriesBucket = { start: string; end: string } & SeriesCounts;

const HOUR_MS = 3_600_000;

/** The start of the bucket holding `ms`. */
export function bucketStart(ms: number, interval: SeriesInterval, tz: string): number {
  if (interval === 'hour') return hourStart(ms, tz);
  const date = wallTime(tz, ms);
  if (interval === 'day') return localMidnight(tz, date);
  if (interval === 'week') return localMidnight(tz, addDays(date, 1 - isoWeekday(date)));
  return localMidnight(tz, { ...date, day: 1 });
}

/** The end of the bucket starting at `start` (the next bucket's start). */
export function bucketEnd(start: number, interval: SeriesInterval, tz: string): number {
  if (interval === 'hour') return hourEnd(start, tz);
  const date = wallTime(tz, start);
  if (interval === 'day') return localMidnight(tz, addDays(date, 1));
  if (interval === 'week') return localMidnight(tz, addDays(date, 7));
  return localMidnight(tz, addMonths(date, 1));
}

/** The n + 1 boundaries of the n buckets covering [fromMs, toMs); stops once past `limit` buckets. */
export function bucketBoundaries(range: SeriesRange, limit = Number.POSITIVE_INFINITY): number[] {
  const { interval, tz } = range;
  const bounds = [bucketStart(range.fromMs, interval, tz)];
  let last = bounds[0]!;
  while (last < range.toMs && bounds.length <= limit) {
    last = bucketEnd(last, interval, tz);
    bounds.push(last);
  }
  return bounds;
}

/** Every bucket covering [fromMs, toMs), zeros included, with the hour tallies summed into it. */
export function seriesBuckets(hours: ReadonlyMap<number, SeriesCounts>, range: SeriesRange): SeriesBucket[] {
  const bounds = bucketBoundaries(range);
  const counts = bounds.slice(1).map(() => emptyCounts());
  for (const [hourMs, tally] of hours) {
    const index = bucketIndex(bounds, hourMs);
    if (index >= 0) addCounts(counts[index]!, tally);
  }
  return counts.map((bucket, i) => ({
    start: formatInstant(range.tz, bounds[i]!),
    end: formatInstant(range.tz, bounds[i + 1]!),
    ...bucket,
  }));
}

/**
 * The period to compare with: as many buckets as `range` covers, ending where its first bucket
 * starts. So a month series compares with the same number of calendar months before, and a day
 * series with the same number of local days, whatever their lengths in hours.
 */
export function previousPeriod(range: SeriesRange): SeriesRange {
  const count = bucketBoundaries(range).length - 1;
  const toMs = bucketStart(range.fromMs, range.interval, range.tz);
  let fromMs = toMs;
  for (let i = 0; i < count; i++) fromMs = bucketStart(fromMs - 1, range.interval, range.tz);
  return { ...range, fromMs, toMs };
}

// A clock hour starts where the zone's clock shows minute 0, or at an offset change that moves
// the minutes (Australia/Lord_Howe's 30-minute DST): then the bucket starts at the change.
function hourStart(ms: number, tz: string): number {
  const offset = offsetMs(tz, ms);
  const start = ms - modulo(ms + offset, HOUR_MS);
  return modulo(offsetMs(tz, start) - offset, HOUR_MS) === 0 ? start : offsetChangeIn(tz, start, ms);
}

function hourEnd(start: number, tz: string): number {
  const offset = offsetMs(tz, start);
  const end = start + HOUR_MS - modulo(start + offset, HOUR_MS);
  return modulo(offsetMs(tz, end) - offset, HOUR_MS) === 0 ? end : offsetChangeIn(tz, start, end);
}

/** The index of the bucket holding `ms`, or −1 when it lies outside all of them. */
function bucketIndex(bounds: readonly number[], ms: number): number {
  if (ms < bounds[0]! || ms >= bounds.at(-1)!) return -1;
  let [low, high] = [0, bounds.length - 1];
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (bounds[middle]! <= ms) low = middle;
    else high = middle;
  }
  return low;
}

const modulo = (a: number, n: number) => ((a % n) + n) % n;
