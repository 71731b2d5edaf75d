import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContentReport } from '../../../../web/dashboard/api/types.js';
import { ReportTiles } from '../../../../web/dashboard/report/report-tiles.js';
import { $, campaignReportOf, click, emptyReport, fakeClient, fakeReport, host, show } from './fixtures.js';

afterEach(() => render(null, host));

const METRICS = [
  'kFactor',
  'amplification',
  'seedReach',
  'earnedReach',
  'uniqueVisitors',
  'clicks',
  'botClicks',
  'structuralVirality',
  'depth',
  'viralCycleTimeSeconds',
  'conversions',
  'conversionValue',
  'links',
  'reshares',
  'largestCascade',
] as const satisfies readonly (keyof ContentReport)[];

const tile = (metric: string) => $(`[data-metric="${metric}"]`);
const why = (metric: string) => tile(metric)?.querySelector('.tile-why')?.textContent ?? null;

describe('report tiles', () => {
  it('carry exactly the API’s values: data-value is the JSON of each report field', async () => {
    const report = fakeReport();
    await show(<ReportTiles report={report} />, fakeClient());
    for (const metric of METRICS) expect(tile(metric)?.dataset.value, metric).toBe(JSON.stringify(report[metric]));
    expect(JSON.parse(tile('kFactor')?.dataset.value ?? '')).toBe(1.2345);
  });

  it('show the values formatted, never recomputed', async () => {
    await show(<ReportTiles report={fakeReport()} />, fakeClient());
    expect(tile('kFactor')?.querySelector('.tile-value')?.textContent).toBe('1.23');
    expect(tile('amplification')?.querySelector('.tile-value')?.textContent).toBe('0.77');
    expect(tile('viralCycleTimeSeconds')?.querySelector('.tile-value')?.textContent).toBe('1.5 h');
    expect(tile('largestCascade')?.querySelector('.tile-value')?.textContent).toBe('9 links, depth 2');
    expect([...(tile('conversionValue')?.querySelectorAll('[data-currency]') ?? [])].map((item) => (item as HTMLElement).dataset.currency)).toEqual([
      'EUR',
      'USD',
    ]);
  });

  it('say why K, amplification, cycle time and clicks are empty or 0', async () => {
    await show(<ReportTiles report={emptyReport({ computedAt: '2026-03-10T11:58:00.000Z', kWindowSeconds: 86_400 })} />, fakeClient());
    expect(tile('kFactor')?.dataset.value).toBe('null');
    expect(why('kFactor')).toBe('K counts re-share links older than the 1-day window: none yet');
    expect(why('amplification')).toBe('No visitor came through a seed link yet');
    expect(why('viralCycleTimeSeconds')).toBe('No re-share yet');
    expect(why('clicks')).toBe('No click yet');
    expect(tile('clicks')?.querySelector('.tile-value')?.textContent).toBe('0');
  });

  it('derive the K window in the reason from the report’s kWindowSeconds', async () => {
    await show(<ReportTiles report={emptyReport({ kWindowSeconds: 3600 })} />, fakeClient());
    expect(why('kFactor')).toBe('K counts re-share links older than the 1-hour window: none yet');
    await show(<ReportTiles report={campaignReportOf(emptyReport(), 2)} />, fakeClient());
    expect(why('kFactor')).toBe('K counts re-share links older than each content’s own window: none yet');
  });

  it('say nothing under a value that is neither empty nor 0', async () => {
    await show(<ReportTiles report={fakeReport()} />, fakeClient());
    for (const metric of METRICS) expect(why(metric), metric).toBeNull();
  });

  it('explain themselves on hover and to screen readers, naming docs/metrics.md', async () => {
    await show(<ReportTiles report={fakeReport()} />, fakeClient());
    const k = tile('kFactor') as HTMLElement;
    expect(k.title).toContain('docs/metrics.md');
    const description = document.getElementById(k.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toContain('mature re-share link');
    expect(description?.className).toBe('visually-hidden');
    await click(k.querySelector('button') as HTMLButtonElement);
    expect(description?.className).toBe('tile-help');
    // The definitions, served by the stack itself: no link to another host.
    expect(description?.querySelector('a')?.getAttribute('href')).toBe('/app/assets/metrics.md');
    expect(host.querySelector('a[href^="http"]')).toBeNull();
  });
});
