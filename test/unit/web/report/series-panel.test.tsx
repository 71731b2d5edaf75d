import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../web/dashboard/api/client.js';
import type { Series, SeriesParams } from '../../../../web/dashboard/api/types.js';
import { SeriesPanel } from '../../../../web/dashboard/report/series-panel.js';
import { $, bucket, buttonNamed, click, enter, fakeClient, fakeSeries, host, settle, show } from './fixtures.js';

// uPlot needs a layout and a canvas: a stand-in records what it was given.
const plots = vi.hoisted(() => [] as { options: { series: { label?: string; dash?: number[] }[] }; data: unknown[][] }[]);
vi.mock('uplot', () => ({
  default: class {
    constructor(options: never, data: never) {
      plots.push({ options, data });
    }
    destroy() {}
    setSize() {}
  },
}));

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

beforeEach(() => {
  plots.length = 0;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  render(null, host);
  vi.useRealTimers();
});

const ACTIVE = fakeSeries([bucket('2026-03-10T10:00:00.000Z', { clicks: 3, newVisitors: 2, reshares: 1 }), bucket('2026-03-10T11:00:00.000Z')]);

async function showPanel(load: (query: SeriesParams) => Promise<Series> = async () => ACTIVE, createdAt?: string) {
  const client = fakeClient({ series: (_id, query) => load(query ?? {}) });
  await show(<SeriesPanel load={(query) => client.series('cnt_0001', query)} createdAt={createdAt} />, client);
  return client;
}

const lastQuery = (client: ReturnType<typeof fakeClient>) => client.series.mock.lastCall?.[1];
const iso = (ms: number) => new Date(ms).toISOString();

describe('SeriesPanel', () => {
  it('starts on the last 7 days, hourly, in the browser’s time zone (and says which)', async () => {
    const client = await showPanel();
    expect(lastQuery(client)).toEqual({ from: iso(NOW - 7 * DAY), to: iso(NOW), interval: 'hour', tz });
    expect(host.textContent).toContain(`Times in ${tz}`);
  });

  it('passes the browser’s own zone, whatever it is', async () => {
    const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (this: Intl.DateTimeFormat) {
      return { ...resolved.call(this), timeZone: 'Asia/Kathmandu' };
    });
    try {
      const client = await showPanel();
      expect(lastQuery(client)?.tz).toBe('Asia/Kathmandu');
      expect(host.textContent).toContain('Times in Asia/Kathmandu');
    } finally {
      spy.mockRestore();
    }
  });

  it('asks for each preset’s range with an interval keeping about 400 buckets or fewer', async () => {
    const client = await showPanel(undefined, '2025-06-01T00:00:00.000Z');
    const cases = [
      ['24 h', NOW - DAY, 'hour'],
      ['30 d', NOW - 30 * DAY, 'day'],
      ['90 d', NOW - 90 * DAY, 'day'],
      ['7 d', NOW - 7 * DAY, 'hour'],
      ['All', Date.parse('2025-06-01T00:00:00.000Z'), 'day'],
    ] as const;
    for (const [label, from, interval] of cases) {
      await click(buttonNamed(label));
      expect(lastQuery(client), label).toEqual({ from: iso(from), to: iso(NOW), interval, tz });
      expect(buttonNamed(label).getAttribute('aria-pressed')).toBe('true');
    }
  });

  it('goes to weeks for "All" over years', async () => {
    const client = await showPanel(undefined, '2020-01-01T00:00:00.000Z');
    await click(buttonNamed('All'));
    expect(lastQuery(client)).toMatchObject({ from: '2020-01-01T00:00:00.000Z', interval: 'week' });
  });

  it('offers no "All" without a creation time', async () => {
    await showPanel();
    expect(() => buttonNamed('All')).toThrow();
  });

  it('adds compare=previous when asked, and draws the previous period dashed', async () => {
    const client = await showPanel(async (query) => (query.compare ? { ...ACTIVE, previous: ACTIVE.buckets.map((b) => ({ ...b, clicks: 7 })) } : ACTIVE));
    const checkbox = [...host.querySelectorAll('label')]
      .find((label) => label.textContent?.includes('Compare to previous period'))
      ?.querySelector('input') as HTMLInputElement;
    await act(checkbox);
    expect(lastQuery(client)).toEqual({ from: iso(NOW - 7 * DAY), to: iso(NOW), interval: 'hour', tz, compare: 'previous' });
    const plot = plots.at(-1);
    expect(plot?.options.series.map((series) => series.label)).toEqual([
      'Bucket start',
      'Human clicks',
      'New visitors',
      'Re-shares',
      'Human clicks (previous period)',
      'New visitors (previous period)',
      'Re-shares (previous period)',
    ]);
    expect(plot?.options.series[4]?.dash).toBeDefined();
    expect(plot?.data[4]).toEqual([7, 7]);
  });

  it('refuses a custom range that ends before it starts, without calling the API', async () => {
    const client = await showPanel();
    const calls = client.series.mock.calls.length;
    await enter($('input[name="from"]') as HTMLInputElement, '2026-03-09T10:00');
    await enter($('input[name="to"]') as HTMLInputElement, '2026-03-08T10:00');
    await click(buttonNamed('Apply'));
    expect($('.custom-range [role=alert]')?.textContent).toBe('The start must be before the end.');
    expect(client.series.mock.calls.length).toBe(calls);
  });

  it('asks for a valid custom range in the browser’s zone', async () => {
    const client = await showPanel();
    await enter($('input[name="from"]') as HTMLInputElement, '2026-03-01T00:00');
    await enter($('input[name="to"]') as HTMLInputElement, '2026-03-03T00:00');
    await click(buttonNamed('Apply'));
    expect(lastQuery(client)).toEqual({
      from: new Date('2026-03-01T00:00').toISOString(),
      to: new Date('2026-03-03T00:00').toISOString(),
      interval: 'hour',
      tz,
    });
    expect(host.querySelector('.custom-range [role=alert]')).toBeNull();
  });

  it('shows the API’s 400 with its message', async () => {
    await showPanel(async () =>
      Promise.reject(new ApiError(400, 'validation_error', 'interval: at most 10,000 buckets: choose a larger interval or a shorter range')),
    );
    expect($('.banner-error[role=alert]')?.textContent).toContain('at most 10,000 buckets');
  });

  it('hooks the chart with its bucket count, and plots the API’s numbers', async () => {
    await showPanel();
    const chart = $('[data-testid="series-chart"]');
    expect(chart?.dataset.buckets).toBe('2');
    await settle();
    expect(plots.at(-1)?.data).toEqual([
      [Date.parse('2026-03-10T10:00:00.000Z') / 1000, Date.parse('2026-03-10T11:00:00.000Z') / 1000],
      [3, 0],
      [2, 0],
      [1, 0],
    ]);
  });

  it('says when the range has no activity, and draws no chart', async () => {
    await showPanel(async () => fakeSeries([bucket('2026-03-10T10:00:00.000Z'), bucket('2026-03-10T11:00:00.000Z')]));
    expect($('[data-testid="series-chart"]')?.textContent).toBe('No activity in this range');
    expect($('[data-testid="series-chart"]')?.dataset.buckets).toBe('2');
    expect(plots).toHaveLength(0);
  });
});

async function act(checkbox: HTMLInputElement) {
  checkbox.checked = true;
  await enter(checkbox, checkbox.value);
  await settle();
}
