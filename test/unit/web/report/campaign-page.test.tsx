import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentView } from '../../../../web/dashboard/api/types.js';
import { CampaignPage } from '../../../../web/dashboard/pages/campaign.js';
import { loadCampaignContents, mapLimited, MAX_CONTENTS } from '../../../../web/dashboard/report/campaign-contents.js';
import {
  $,
  $$,
  buttonNamed,
  campaignReportOf,
  click,
  CONTENT,
  emptyReport,
  enter,
  fakeClient,
  fakeReport,
  fakeSeries,
  host,
  show,
  tableRows,
} from './fixtures.js';

vi.mock('uplot', () => ({
  default: class {
    destroy() {}
    setSize() {}
  },
}));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T12:00:00.000Z'));
});
afterEach(() => {
  render(null, host);
  vi.useRealTimers();
});

const content = (n: number, title: string | null = `Post ${n}`): ContentView => ({
  ...CONTENT,
  id: `cnt_${n}`,
  title,
  url: `https://example.com/${n}`,
  createdAt: `2026-0${n}-01T00:00:00.000Z`,
});

// Earned reach and K per content: b leads on earned reach, c on K; a and b tie on earned reach.
const REPORTS: Record<string, { earnedReach: number; kFactor: number | null }> = {
  cnt_1: { earnedReach: 10, kFactor: 0.5 },
  cnt_2: { earnedReach: 10, kFactor: 0.9 },
  cnt_3: { earnedReach: 4, kFactor: 2.5 },
  cnt_4: { earnedReach: 0, kFactor: null },
};

function campaignClient() {
  return fakeClient({
    campaignReport: async () => campaignReportOf(fakeReport({ kFactor: null }), 4),
    campaignSeries: async () => fakeSeries([]),
    listContents: async (query) =>
      query?.cursor === 'page2' ? { items: [content(3), content(4, null)], nextCursor: null } : { items: [content(1), content(2)], nextCursor: 'page2' },
    report: async (id) => fakeReport({ contentId: id, ...REPORTS[id] }),
  });
}

describe('CampaignPage', () => {
  it('shows the campaign’s roll-up tiles as the API gave them', async () => {
    const client = campaignClient();
    await show(<CampaignPage campaign="spring" />, client);
    expect(client.campaignReport).toHaveBeenCalledWith('spring', undefined);
    expect($('h1')?.textContent).toBe('Campaign spring');
    expect($('[data-metric="clicks"]')?.dataset.value).toBe('66');
    expect($('[data-metric="contents"]')?.dataset.value).toBe('4');
    expect($('[data-metric="kFactor"] .tile-why')?.textContent).toBe('K counts re-share links older than each content’s own window: none yet');
  });

  it('asks the API for the K window chosen, each content’s own by default', async () => {
    const client = campaignClient();
    await show(<CampaignPage campaign="spring" />, client);
    const select = $('select[aria-label="K window"]') as HTMLSelectElement;
    expect(select.options[0]?.textContent).toBe('Each content’s own');

    await enter(select, 'all');
    expect(client.campaignReport).toHaveBeenLastCalledWith('spring', 'all');
    await enter($('select[aria-label="K window"]') as HTMLSelectElement, '604800');
    expect(client.campaignReport).toHaveBeenLastCalledWith('spring', 604800);
  });

  it('draws the campaign’s series in the browser’s zone', async () => {
    const client = campaignClient();
    await show(<CampaignPage campaign="spring" />, client);
    expect(client.campaignSeries).toHaveBeenCalledWith(
      'spring',
      expect.objectContaining({ interval: 'hour', tz: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    );
    await click(buttonNamed('All'));
    expect(client.campaignSeries).toHaveBeenLastCalledWith('spring', expect.objectContaining({ from: '2026-01-01T00:00:00.000Z', interval: 'day' }));
  });

  it('ranks every content (all pages) by earned reach then K, each linking to its page', async () => {
    const client = campaignClient();
    await show(<CampaignPage campaign="spring" />, client);
    expect(client.listContents).toHaveBeenCalledWith({ campaign: 'spring', limit: 100 });
    expect(client.listContents).toHaveBeenCalledWith({ campaign: 'spring', limit: 100, cursor: 'page2' });
    const rows = tableRows('Contents');
    expect(rows.map((row) => row[1])).toEqual(['Post 2', 'Post 1', 'Post 3', 'https://example.com/4']);
    expect(rows[0]).toEqual(['1', 'Post 2', '14', '66', '0.90', '10', '3 min ago']);
    expect(
      $$('.table-block a')
        .find((link) => link.textContent === 'Post 3')
        ?.getAttribute('href'),
    ).toBe('/app/contents/cnt_3');
  });

  it('ranks by K on request, K null last', async () => {
    await show(<CampaignPage campaign="spring" />, campaignClient());
    await click(buttonNamed('K-factor'));
    expect(buttonNamed('K-factor').getAttribute('aria-pressed')).toBe('true');
    expect(tableRows('Contents').map((row) => row[1])).toEqual(['Post 3', 'Post 2', 'Post 1', 'https://example.com/4']);
  });

  it('keeps a content whose report failed, saying so', async () => {
    const client = campaignClient();
    client.report.mockImplementation(async (id) => (id === 'cnt_3' ? Promise.reject(new Error('boom')) : fakeReport({ contentId: id, ...REPORTS[id] })));
    await show(<CampaignPage campaign="spring" />, client);
    const failed = tableRows('Contents').find((row) => row[1] === 'Post 3');
    expect(failed?.[6]).toBe('Report failed: boom');
  });

  it('says so when a campaign has no content', async () => {
    const client = fakeClient({
      campaignReport: async () => campaignReportOf(emptyReport(), 0),
      campaignSeries: async () => fakeSeries([]),
      listContents: async () => ({ items: [], nextCursor: null }),
    });
    await show(<CampaignPage campaign="empty" />, client);
    expect(host.textContent).toContain('No content in this campaign yet.');
    expect(client.report).not.toHaveBeenCalled();
  });
});

describe('loading a campaign’s contents', () => {
  it('stops at the cap and says it did', async () => {
    let served = 0;
    const client = fakeClient({
      listContents: async () => {
        const items = Array.from({ length: 100 }, () => content(++served));
        return { items, nextCursor: 'more' };
      },
      report: async () => emptyReport(),
    });
    const result = await loadCampaignContents(client, 'big');
    expect(result.rows).toHaveLength(MAX_CONTENTS);
    expect(result.capped).toBe(true);
    expect(client.listContents).toHaveBeenCalledTimes(MAX_CONTENTS / 100);
  });

  it('runs at most the given number of tasks at once, keeping the order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([...Array(20).keys()], 6, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return n * 2;
    });
    expect(most).toBe(6);
    expect(results).toEqual([...Array(20).keys()].map((n) => n * 2));
  });
});
