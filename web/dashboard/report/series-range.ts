import type { SeriesParams } from '../api/types.js';

// The time range a series chart asks for: a preset ending now, everything since the content was
// created, or a custom range; and the interval that keeps the chart at about 400 buckets or fewer.

export type Preset = '24h' | '7d' | '30d' | '90d' | 'all';
export type Interval = NonNullable<SeriesParams['interval']>;
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_BUCKETS = 400;

export const PRESETS: readonly { id: Preset; label: string; spanMs?: number }[] = [
  { id: '24h', label: '24 h', spanMs: DAY_MS },
  { id: '7d', label: '7 d', spanMs: 7 * DAY_MS },
  { id: '30d', label: '30 d', spanMs: 30 * DAY_MS },
  { id: '90d', label: '90 d', spanMs: 90 * DAY_MS },
  { id: 'all', label: 'All' },
];

/** Hour up to 400 hours (24 h, 7 d), day up to 400 days (30 d, 90 d), then week, then month. */
export function intervalFor(spanMs: number): Interval {
  if (spanMs <= MAX_BUCKETS * HOUR_MS) return 'hour';
  if (spanMs <= MAX_BUCKETS * DAY_MS) return 'day';
  if (spanMs <= MAX_BUCKETS * 7 * DAY_MS) return 'week';
  return 'month';
}

/** A preset's range ending at `nowMs`; "All" starts at `createdAt` (at least an hour before now). */
export function presetRange(preset: Preset, nowMs: number, createdAt?: string): TimeRange {
  const span = PRESETS.find((candidate) => candidate.id === preset)?.spanMs;
  if (span !== undefined) return { fromMs: nowMs - span, toMs: nowMs };
  const created = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  return { fromMs: Number.isNaN(created) ? nowMs - 30 * DAY_MS : Math.min(created, nowMs - HOUR_MS), toMs: nowMs };
}

/** The series query of a range, in the given time zone. */
export function seriesQuery(range: TimeRange, tz: string, compare: boolean): SeriesParams {
  return {
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    interval: intervalFor(range.toMs - range.fromMs),
    tz,
    ...(compare ? { compare: 'previous' as const } : {}),
  };
}

/** Two datetime-local values (the browser's zone) as a range, or why they are not one. */
export function customRange(from: string, to: string): TimeRange | { error: string } {
  const fromMs = from ? new Date(from).getTime() : Number.NaN;
  const toMs = to ? new Date(to).getTime() : Number.NaN;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return { error: 'Give both a start and an end.' };
  if (fromMs >= toMs) return { error: 'The start must be before the end.' };
  return { fromMs, toMs };
}

/** A time as a datetime-local input's value, in the browser's zone (minutes). */
export function localInputValue(ms: number): string {
  const date = new Date(ms);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
}

export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
