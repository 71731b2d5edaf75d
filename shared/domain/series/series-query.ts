import { type ValidationIssue, validationError } from '../../errors.js';
import * as z from '../zod.js';
import { bucketBoundaries, SERIES_INTERVALS, type SeriesRange } from './buckets.js';
import { addDays, canonicalTimeZone, instantOf, type PlainDate, utcMs, utcWallTime, type WallTime, wallTime } from './zoned-time.js';

// `?from=&to=&interval=&tz=&compare=previous&format=` of the series routes, resolved to instants.
// A plain date (2026-03-29) is local midnight in `tz`; as `to` it is the exclusive end, so
// from=2026-03-01&to=2026-04-01 is all of March. A date-time must carry its offset (or Z).

export const MAX_SERIES_BUCKETS = 10_000;
const DEFAULT_DAYS = 30;

// A `+` left unencoded in a query string arrives as a space: read `…T00:00:00 02:00` as +02:00.
const DATE_OR_DATE_TIME = /^([1-9]\d{3})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+\- ])(\d{2}):(\d{2})))?$/;

type Moment = { date: PlainDate } | { ms: number };

const moment = z.string().check(
  z.maxLength(40),
  z.refine((text) => parseMoment(text) !== null, 'must be a date-time with an offset (2026-03-29T00:00:00+02:00 or …Z) or a date (2026-03-29)'),
);

export const seriesQuery = z.object({
  from: z.optional(moment),
  to: z.optional(moment),
  interval: z._default(z.enum(SERIES_INTERVALS, `must be one of ${SERIES_INTERVALS.join(', ')}`), 'day'),
  tz: z._default(
    z.string().check(
      z.maxLength(64),
      z.refine((tz) => canonicalTimeZone(tz) !== null, 'must be an IANA time zone such as UTC or Europe/Berlin'),
    ),
    'UTC',
  ),
  compare: z.optional(z.enum(['previous'], 'must be previous')),
  format: z.optional(z.enum(['json', 'csv'], 'must be json or csv')),
});

export interface SeriesQuery extends SeriesRange {
  compare: boolean;
  /** Undefined when not asked for: the route may then go by the Accept header, as reports do. */
  format: 'json' | 'csv' | undefined;
}

/** Validates the raw query parameters and resolves them against `now`; throws a validation error. */
export function resolveSeriesQuery(raw: unknown, now: Date): SeriesQuery {
  const input = parseSeriesQuery(raw);
  const tz = canonicalTimeZone(input.tz) ?? 'UTC';
  const toMs = input.to === undefined ? now.getTime() : instantOfMoment(parseMoment(input.to)!, tz);
  const fromMs = input.from === undefined ? daysBefore(toMs, DEFAULT_DAYS, tz) : instantOfMoment(parseMoment(input.from)!, tz);
  if (fromMs >= toMs) throw validationError([{ path: ['from'], message: 'must be before to' }]);
  const range: SeriesRange = { fromMs, toMs, interval: input.interval, tz };
  if (bucketBoundaries(range, MAX_SERIES_BUCKETS + 1).length - 1 > MAX_SERIES_BUCKETS) {
    const message = `at most ${MAX_SERIES_BUCKETS.toLocaleString('en-US')} buckets: choose a larger interval or a shorter range`;
    throw validationError([{ path: ['interval'], message }]);
  }
  return { ...range, compare: input.compare === 'previous', format: input.format };
}

function parseSeriesQuery(raw: unknown): z.output<typeof seriesQuery> {
  const result = seriesQuery.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map(({ path, message }) => ({
    path: path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message,
  }));
  throw validationError(issues);
}

/** A plain date, or the instant of a date-time with offset; null when not a real calendar time. */
function parseMoment(text: string): Moment | null {
  const match = DATE_OR_DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const wall = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
  const asUtc = utcMs(wall);
  // Fields overflow in Date arithmetic (February 30 → March 2): a real time reads back unchanged.
  const shown = utcWallTime(asUtc);
  if ((Object.keys(wall) as (keyof WallTime)[]).some((field) => shown[field] !== wall[field])) return null;
  if (match[4] === undefined) return { date: { year: wall.year, month: wall.month, day: wall.day } };
  const milliseconds = Math.floor(Number(`0.${match[7] ?? '0'}`) * 1000);
  if (match[8] === 'Z') return { ms: asUtc + milliseconds };
  const [offsetHours, offsetMinutes] = [Number(match[10]), Number(match[11])];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ms: asUtc - offset + milliseconds };
}

const instantOfMoment = (moment: Moment, tz: string): number => ('ms' in moment ? moment.ms : instantOf(tz, moment.date));

/** The same wall-clock time `days` local days earlier, so a default range spans whole local days. */
function daysBefore(ms: number, days: number, tz: string): number {
  const wall = wallTime(tz, ms);
  return instantOf(tz, { ...wall, ...addDays(wall, -days) }) + (ms % 1000);
}
