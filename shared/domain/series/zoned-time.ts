// Time-zone arithmetic on epoch milliseconds with nothing but Intl: a zone's offset at an instant,
// the calendar date its clock shows, and the instant a local wall-clock time happens.
// Intl resolves to whole seconds, so offsets and the instants computed here are whole seconds.

export interface PlainDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface WallTime extends PlainDate {
  hour: number;
  minute: number;
  second: number;
}

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;

const MEMO_SIZE = 50_000;
// en-US with a 24-hour clock: `3/29/2026, 01:00:00`.
const SHOWN = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

interface Zone {
  formatter: Intl.DateTimeFormat;
  offsets: Map<number, number>;
}
// One formatter per zone (a few hundred exist at most; tz is validated before it gets here).
const zones = new Map<string, Zone>();

/** The zone's canonical name, or null when Intl does not know it. */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Milliseconds since the epoch of a UTC calendar time; fields may overflow (day 32, month 0). */
export function utcMs(wall: PlainDate & Partial<WallTime>): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, 0);
  return date.getTime();
}

export function utcWallTime(ms: number): WallTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** How far the zone's clock is ahead of UTC at `ms`, in milliseconds. */
export function offsetMs(timeZone: string, ms: number): number {
  if (timeZone === 'UTC') return 0;
  const second = Math.floor(ms / SECOND_MS) * SECOND_MS;
  const zone = zoneFor(timeZone);
  let offset = zone.offsets.get(second);
  if (offset === undefined) {
    // format() and a regex: about three times faster than formatToParts, which matters at 10,000 buckets.
    const [, month, day, year, hour, minute, secondShown] = (SHOWN.exec(zone.formatter.format(second)) ?? []).map(Number);
    offset = utcMs({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: secondShown! }) - second;
    // A bucket boundary's offset is asked for several times; keep a bounded memo per zone.
    if (zone.offsets.size >= MEMO_SIZE) zone.offsets.clear();
    zone.offsets.set(second, offset);
  }
  return offset;
}

/** The wall-clock time the zone shows at `ms`. */
export const wallTime = (timeZone: string, ms: number): WallTime => utcWallTime(ms + offsetMs(timeZone, ms));

/**
 * The instant the zone's clock shows `wall`. When it shows it twice (clocks going back), the
 * earlier; when never (a DST gap), the first instant after the gap, where the clock resumes.
 */
export function instantOf(timeZone: string, wall: PlainDate & Partial<WallTime>): number {
  const asUtc = utcMs(wall);
  const before = offsetMs(timeZone, asUtc - DAY_MS);
  const after = offsetMs(timeZone, asUtc + DAY_MS);
  const shows = [before, offsetMs(timeZone, asUtc), after].map((offset) => asUtc - offset).filter((ms) => ms + offsetMs(timeZone, ms) === asUtc);
  if (shows.length > 0) return Math.min(...shows);
  // In a gap the clock jumps from `before` to `after` somewhere between these two instants.
  return offsetChangeIn(timeZone, asUtc - after, asUtc - before);
}

/** The first local midnight of `date`, or the first instant of that date when midnight is skipped. */
export const localMidnight = (timeZone: string, { year, month, day }: PlainDate): number => instantOf(timeZone, { year, month, day });

/** The first instant in (fromMs, toMs] whose offset differs from fromMs's; toMs when none does. */
export function offsetChangeIn(timeZone: string, fromMs: number, toMs: number): number {
  const offset = offsetMs(timeZone, fromMs);
  let [low, high] = [fromMs, toMs];
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / (2 * SECOND_MS)) * SECOND_MS;
    if (offsetMs(timeZone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/** ISO-8601 with the zone's offset at that instant: `2026-03-29T00:00:00+02:00` (`Z` for +00:00). */
export function formatInstant(timeZone: string, ms: number): string {
  const offset = offsetMs(timeZone, ms);
  const local = new Date(Math.floor(ms / SECOND_MS) * SECOND_MS + offset).toISOString().slice(0, 19);
  return local + formatOffset(offset);
}

function formatOffset(offset: number): string {
  if (offset === 0) return 'Z';
  const total = Math.abs(offset) / SECOND_MS;
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  // Seconds appear only in pre-1972 local mean times (Africa/Monrovia, −00:44:30).
  return `${offset < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''}`;
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const { year, month, day } = utcWallTime(utcMs({ ...date, day: date.day + days }));
  return { year, month, day };
}

/** The first day of the month `months` after `date`'s month. */
export function addMonths(date: PlainDate, months: number): PlainDate {
  const { year, month } = utcWallTime(utcMs({ year: date.year, month: date.month + months, day: 1 }));
  return { year, month, day: 1 };
}

/** ISO weekday: Monday 1 … Sunday 7. */
export const isoWeekday = (date: PlainDate): number => new Date(utcMs(date)).getUTCDay() || 7;

function zoneFor(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = { formatter, offsets: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}
