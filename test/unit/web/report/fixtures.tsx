import { type ComponentChildren, render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { ApiClient } from '../../../../web/dashboard/api/client.js';
import type { CampaignReport, ContentReport, ContentView, Series, SeriesBucket } from '../../../../web/dashboard/api/types.js';
import { DashboardContext } from '../../../../web/dashboard/context.js';

// A fake API client (only the methods a test gives) and the data its answers are made of.

export const CONTENT: ContentView = {
  id: 'cnt_0001',
  url: 'https://example.com/spring-sale',
  title: 'Spring sale',
  campaign: 'spring',
  refParam: 'ref',
  kWindowSeconds: 86_400,
  active: true,
  createdAt: '2026-02-01T09:00:00.000Z',
  updatedAt: '2026-02-01T09:00:00.000Z',
} as ContentView;

export function fakeReport(overrides: Partial<ContentReport> = {}): ContentReport {
  return {
    contentId: CONTENT.id,
    campaign: 'spring',
    computedAt: '2026-03-10T11:58:00.000Z',
    eventsThrough: '2026-03-10T11:57:00.000Z',
    kWindowSeconds: 86_400,
    links: 14,
    seedLinks: 4,
    reshares: 10,
    generationSizes: [4, 7, 3],
    depth: 2,
    maxBreadth: 7,
    seedFanout: 1.75,
    kFactor: 1.2345,
    invitesPerShare: 2.5,
    reshareRate: 0.4938,
    perGeneration: [
      { generation: 0, links: 4, clicks: 40, uniqueVisitors: 30, k: 1.75 },
      { generation: 1, links: 7, clicks: 21, uniqueVisitors: 18, k: 3 / 7 },
      { generation: 2, links: 3, clicks: 5, uniqueVisitors: 5, k: 0 },
    ],
    structuralVirality: 2.0833333333333335,
    largestCascade: { rootCode: 'abc123', size: 9, depth: 2, structuralVirality: 2.1 },
    viralCycleTimeSeconds: 5400,
    clicks: 66,
    botClicks: 12,
    uniqueVisitors: 53,
    seedReach: 30,
    earnedReach: 23,
    earnedClicks: 26,
    amplification: 23 / 30,
    conversions: 3,
    conversionValue: 149.5,
    conversionValueByCurrency: { EUR: 99.5, USD: 50 },
    channels: [
      { channel: 'whatsapp', links: 2, clicks: 10, uniqueVisitors: 8, reshares: 5, downstreamLinks: 8, deepestSpread: 2 },
      { channel: null, links: 9, clicks: 30, uniqueVisitors: 25, reshares: 4, downstreamLinks: 4, deepestSpread: 1 },
      { channel: 'email', links: 3, clicks: 26, uniqueVisitors: 20, reshares: 1, downstreamLinks: 1, deepestSpread: 1 },
    ],
    arrivals: [],
    referrers: [{ host: 'news.example', clicks: 12 }],
    timeline: [],
    ...overrides,
  };
}

/** A report from before any aggregation, or of a content nobody touched: every count 0, ratios null. */
export function emptyReport(overrides: Partial<ContentReport> = {}): ContentReport {
  return fakeReport({
    computedAt: null,
    eventsThrough: null,
    links: 0,
    seedLinks: 0,
    reshares: 0,
    generationSizes: [],
    depth: 0,
    maxBreadth: 0,
    seedFanout: null,
    kFactor: null,
    invitesPerShare: null,
    reshareRate: null,
    perGeneration: [],
    structuralVirality: null,
    largestCascade: null,
    viralCycleTimeSeconds: null,
    clicks: 0,
    botClicks: 0,
    uniqueVisitors: 0,
    seedReach: 0,
    earnedReach: 0,
    earnedClicks: 0,
    amplification: null,
    conversions: 0,
    conversionValue: 0,
    conversionValueByCurrency: {},
    channels: [],
    referrers: [],
    ...overrides,
  });
}

export const campaignReportOf = (report: ContentReport, contents: number): CampaignReport => {
  const { contentId: _id, campaign: _campaign, ...rest } = report;
  return { ...rest, campaign: 'spring', contents, kWindowSeconds: 'per-content' };
};

export function bucket(start: string, counts: Partial<SeriesBucket> = {}): SeriesBucket {
  return { start, end: start, clicks: 0, botClicks: 0, newVisitors: 0, links: 0, reshares: 0, conversions: 0, conversionValueMicros: 0, ...counts };
}

export function fakeSeries(buckets: SeriesBucket[], extra: Partial<Series> = {}): Series {
  return {
    from: buckets[0]?.start ?? '',
    to: buckets.at(-1)?.end ?? '',
    interval: 'hour',
    tz: 'UTC',
    computedAt: null,
    eventsThrough: '2026-03-10T11:57:00.000Z',
    buckets,
    ...extra,
  };
}

export type FakeClient = { [K in keyof ApiClient]: ReturnType<typeof vi.fn<ApiClient[K]>> };

/** A client whose every method is a mock; unless a test says otherwise, reads answer with the fixtures. */
export function fakeClient(overrides: Partial<{ [K in keyof ApiClient]: ApiClient[K] }> = {}): FakeClient {
  const defaults: Partial<{ [K in keyof ApiClient]: ApiClient[K] }> = {
    getContent: async () => CONTENT,
    report: async () => fakeReport(),
    series: async () => fakeSeries([bucket('2026-03-10T10:00:00.000Z', { clicks: 3, newVisitors: 2, reshares: 1 }), bucket('2026-03-10T11:00:00.000Z')]),
    listShares: async () => ({ items: [], nextCursor: null }),
  };
  const methods = { ...defaults, ...overrides } as Record<string, (...args: unknown[]) => unknown>;
  const cache: Record<string, unknown> = {};
  return new Proxy(cache, {
    get(_target, name: string) {
      // Not a promise: an async function may return the client.
      if (name === 'then') return undefined;
      cache[name] ??= vi.fn(
        methods[name] ??
          (async () => {
            throw new Error(`fake client: ${name} not given`);
          }),
      );
      return cache[name];
    },
  }) as unknown as FakeClient;
}

export const host = document.createElement('div');
document.body.append(host);

export async function show(node: ComponentChildren, client: FakeClient, readOnly = false) {
  await act(async () => {
    render(
      <DashboardContext.Provider value={{ client: client as unknown as ApiClient, config: { appBase: '/app', apiBase: '', sharedContentId: null }, readOnly }}>
        {node}
      </DashboardContext.Provider>,
      host,
    );
  });
  await settle();
}

/** Lets pending answers arrive and the page re-render. */
export async function settle(rounds = 3) {
  for (let i = 0; i < rounds; i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

export const $ = <E extends Element = HTMLElement>(selector: string) => host.querySelector<E>(selector);
export const $$ = <E extends Element = HTMLElement>(selector: string) => [...host.querySelectorAll<E>(selector)];

export function buttonNamed(name: string, within: ParentNode = host): HTMLButtonElement {
  const button = [...within.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
  if (!button) throw new Error(`no button "${name}"`);
  return button;
}

export async function click(element: HTMLElement) {
  await act(async () => element.click());
  await settle();
}

/** Sets an input's or select's value as a user would, firing the events Preact listens to. */
export async function enter(element: HTMLInputElement | HTMLSelectElement, value: string) {
  await act(async () => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

export function tableRows(caption: string): string[][] {
  const block = $$('.table-block').find((candidate) => candidate.querySelector('h3')?.textContent === caption);
  if (!block) throw new Error(`no table "${caption}"`);
  return [...block.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''));
}

export function csvButton(caption: string): HTMLButtonElement {
  const block = $$('.table-block').find((candidate) => candidate.querySelector('h3')?.textContent === caption);
  if (!block) throw new Error(`no table "${caption}"`);
  return buttonNamed('Download CSV', block);
}
