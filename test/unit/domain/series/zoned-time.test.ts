import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  canonicalTimeZone,
  formatInstant,
  instantOf,
  isoWeekday,
  localMidnight,
  offsetMs,
} from '../../../../shared/domain/series/zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('offsetMs', () => {
  it('is the zone’s offset at the instant, changing at the DST switch', () => {
    expect(offsetMs('Europe/Berlin', at('2026-03-29T00:59:59Z'))).toBe(1 * HOUR);
    expect(offsetMs('Europe/Berlin', at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(offsetMs('America/New_York', at('2026-07-01T12:00:00Z'))).toBe(-4 * HOUR);
  });

  it('keeps minutes of non-whole-hour zones', () => {
    expect(offsetMs('Asia/Kolkata', at('2026-01-01T00:00:00Z'))).toBe(5.5 * HOUR);
    expect(offsetMs('Asia/Kathmandu', at('2026-01-01T00:00:00Z'))).toBe(5.75 * HOUR);
  });
});

describe('instantOf', () => {
  it('resolves a wall time inside a DST gap to the first instant after the gap', () => {
    // Berlin skips 02:00-03:00 on 2026-03-29: 02:30 never shows; the clock resumes at 03:00+02:00.
    expect(instantOf('Europe/Berlin', { year: 2026, month: 3, day: 29, hour: 2, minute: 30 })).toBe(at('2026-03-29T01:00:00Z'));
  });

  it('resolves a wall time shown twice to the earlier instant', () => {
    expect(instantOf('Europe/Berlin', { year: 2026, month: 10, day: 25, hour: 2, minute: 30 })).toBe(at('2026-10-25T00:30:00Z'));
  });
});

describe('localMidnight', () => {
  it('is 00:00 local on an ordinary day', () => {
    expect(localMidnight('Europe/Berlin', { year: 2026, month: 3, day: 29 })).toBe(at('2026-03-29T00:00:00+01:00'));
  });

  it.each([
    // Santiago's clocks jump from 24:00 to 01:00 on the first Sunday of September.
    ['America/Santiago', { year: 2025, month: 9, day: 7 }, '2025-09-07T01:00:00-03:00'],
    // Beirut's jump from 00:00 to 01:00 on the last Sunday of March.
    ['Asia/Beirut', { year: 2025, month: 3, day: 30 }, '2025-03-30T01:00:00+03:00'],
  ])('in %s, a midnight that does not exist is the first instant of the day', (tz, date, expected) => {
    expect(localMidnight(tz, date)).toBe(at(expected));
  });
});

describe('formatInstant', () => {
  it.each([
    ['UTC', '2026-03-29T00:00:00Z', '2026-03-29T00:00:00Z'],
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T00:00:00+01:00'],
    ['Europe/Berlin', '2026-03-29T22:00:00Z', '2026-03-30T00:00:00+02:00'],
    ['America/New_York', '2026-03-09T04:00:00Z', '2026-03-09T00:00:00-04:00'],
    ['Asia/Kathmandu', '2025-12-31T18:15:00Z', '2026-01-01T00:00:00+05:45'],
    // Liberia kept a local mean time until 1972: the offset needs seconds.
    ['Africa/Monrovia', '1971-01-01T00:00:00Z', '1970-12-31T23:15:30-00:44:30'],
  ])('writes %s at %s as %s', (tz, iso, expected) => {
    expect(formatInstant(tz, at(iso))).toBe(expected);
  });
});

describe('calendar arithmetic', () => {
  it('adds days and months across a year end', () => {
    expect(addDays({ year: 2025, month: 12, day: 30 }, 3)).toEqual({ year: 2026, month: 1, day: 2 });
    expect(addMonths({ year: 2025, month: 12, day: 15 }, 1)).toEqual({ year: 2026, month: 1, day: 1 });
    expect(addMonths({ year: 2026, month: 1, day: 31 }, -2)).toEqual({ year: 2025, month: 11, day: 1 });
  });

  it('numbers ISO weekdays from Monday 1 to Sunday 7', () => {
    expect(isoWeekday({ year: 2026, month: 3, day: 2 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 3, day: 8 })).toBe(7);
  });
});

describe('canonicalTimeZone', () => {
  it('names a known zone canonically and refuses an unknown one', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
  });
});
