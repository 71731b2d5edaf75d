import { describe, expect, it } from 'vitest';
import { kNullReason, kWindowParam, windowText } from '../../../../web/dashboard/report/k-window.js';
import { customRange, intervalFor, presetRange } from '../../../../web/dashboard/report/series-range.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('K window helpers', () => {
  it('maps the selector’s values to the API’s kWindow', () => {
    expect(['default', '3600', '86400', '604800', 'all'].map((value) => kWindowParam(value as never))).toEqual([undefined, 3600, 86_400, 604_800, 'all']);
  });

  it('names a window by its largest whole unit', () => {
    expect([86_400, 604_800, 3600, 5400, 90].map(windowText)).toEqual(['1-day', '7-day', '1-hour', '90-minute', '90-second']);
    expect(kNullReason('all')).toBe('K counts re-share links: none yet');
  });
});

describe('series ranges', () => {
  it('keeps about 400 buckets or fewer', () => {
    expect([DAY, 7 * DAY, 30 * DAY, 90 * DAY, 2 * 365 * DAY, 10 * 365 * DAY].map(intervalFor)).toEqual(['hour', 'hour', 'day', 'day', 'week', 'month']);
  });

  it('starts "All" at the creation time, at least an hour back', () => {
    const now = Date.parse('2026-03-10T12:00:00.000Z');
    expect(presetRange('all', now, '2026-01-01T00:00:00.000Z')).toEqual({ fromMs: Date.parse('2026-01-01T00:00:00.000Z'), toMs: now });
    expect(presetRange('all', now, '2026-03-10T11:59:00.000Z').fromMs).toBe(now - HOUR);
  });

  it('refuses a custom range that is empty, backwards or half given', () => {
    expect(customRange('2026-03-02T00:00', '2026-03-01T00:00')).toEqual({ error: 'The start must be before the end.' });
    expect(customRange('2026-03-01T00:00', '2026-03-01T00:00')).toEqual({ error: 'The start must be before the end.' });
    expect(customRange('', '2026-03-01T00:00')).toEqual({ error: 'Give both a start and an end.' });
  });
});
