import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../web/dashboard/api/client.js';
import { ContentPage } from '../../../../web/dashboard/pages/content.js';
import { $, $$, buttonNamed, click, CONTENT, csvButton, emptyReport, enter, fakeClient, fakeReport, host, settle, show, tableRows } from './fixtures.js';

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

describe('ContentPage', () => {
  it('heads the page with the content, its campaign, freshness and the cascade tree', async () => {
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient());
    expect($('h1')?.textContent).toBe('Spring sale');
    expect($('.report-header a[href="https://example.com/spring-sale"]')).not.toBeNull();
    expect($('.report-header a[href="/app/campaigns/spring"]')?.textContent).toBe('spring');
    expect($('.report-header a[href="/app/contents/cnt_0001/tree"]')?.textContent?.trim()).toBe('Cascade tree');
    expect($('[data-testid="as-of"]')?.textContent).toBe('as of 3 min ago');
  });

  it('asks the API for the K window chosen', async () => {
    const client = fakeClient();
    await show(<ContentPage contentId={CONTENT.id} />, client);
    expect(client.report).toHaveBeenLastCalledWith(CONTENT.id, undefined);
    const select = $('select[aria-label="K window"]') as HTMLSelectElement;
    expect([...select.options].map((option) => option.value)).toEqual(['default', '3600', '86400', '604800', 'all']);

    client.report.mockResolvedValueOnce(fakeReport({ kWindowSeconds: 3600, kFactor: 0.5 }));
    await enter(select, '3600');
    expect(client.report).toHaveBeenLastCalledWith(CONTENT.id, 3600);
    expect($('[data-metric="kFactor"]')?.dataset.value).toBe('0.5');
    await enter($('select[aria-label="K window"]') as HTMLSelectElement, 'all');
    expect(client.report).toHaveBeenLastCalledWith(CONTENT.id, 'all');
    await enter($('select[aria-label="K window"]') as HTMLSelectElement, 'default');
    expect(client.report).toHaveBeenLastCalledWith(CONTENT.id, undefined);
  });

  it('shows a 503 as a banner with Retry, never a blank page', async () => {
    const client = fakeClient();
    client.report.mockRejectedValueOnce(new ApiError(503, 'unavailable', 'Ripple is briefly unavailable.'));
    await show(<ContentPage contentId={CONTENT.id} />, client);
    expect($('.banner-warning[role=alert]')?.textContent).toContain('Ripple is briefly unavailable.');
    expect($('h1')?.textContent).toBe('Spring sale');
    await click(buttonNamed('Retry'));
    expect(client.report).toHaveBeenCalledTimes(2);
    expect($('[data-metric="kFactor"]')).not.toBeNull();
  });

  it('keeps the API’s order of channels, with (none) for links without one', async () => {
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient());
    const rows = tableRows('Channels');
    expect(rows.map((row) => row[0])).toEqual(['whatsapp', '(none)', 'email']);
    expect(rows[0]).toEqual(['whatsapp', '2', '5', '8', '2', '10', '8']);
  });

  it('lists the arrivals in the API’s order, with the re-shares their visitors made', async () => {
    const arrivals = [
      { channel: 'whatsapp', clicks: 4, uniqueVisitors: 3, reshares: 2 },
      { channel: 'copy', clicks: 9, uniqueVisitors: 7, reshares: 0 },
    ] as const;
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient({ report: async () => fakeReport({ arrivals: [...arrivals] }) }));
    expect(tableRows('Arrivals')).toEqual([
      ['whatsapp', '4', '3', '2'],
      ['copy', '9', '7', '0'],
    ]);
    expect(csvButton('Arrivals').disabled).toBe(false);
  });

  it('shows the channels of a report without the spread fields as empty cells', async () => {
    const channels = [{ channel: 'sms', links: 1, clicks: 2, uniqueVisitors: 2, reshares: 0 }] as never;
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient({ report: async () => fakeReport({ channels }) }));
    expect(tableRows('Channels')[0]).toEqual(['sms', '1', '0', '—', '—', '2', '2']);
  });

  it('disables CSV on empty tables, and offers it on filled ones', async () => {
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient({ report: async () => fakeReport({ referrers: [] }) }));
    expect(csvButton('Top referrers').disabled).toBe(true);
    expect(csvButton('Channels').disabled).toBe(false);
    expect(csvButton('Per generation').disabled).toBe(false);
  });

  it('draws one bar per generation and measure, with the API’s values', async () => {
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient());
    const k = $$('[data-measure="k"] .bar-row').map((row) => row.dataset.value);
    expect(k).toEqual([JSON.stringify(1.75), JSON.stringify(3 / 7), '0']);
    expect(tableRows('Per generation').map((row) => row[1])).toEqual(['4', '7', '3']);
  });

  it('says a report is not aggregated yet, and why the breakdowns are empty', async () => {
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient({ report: async () => emptyReport() }));
    expect(host.textContent).toContain('Not aggregated yet');
    expect($('[data-testid="as-of"]')?.textContent).toBe('not aggregated yet');
    expect(host.textContent).toContain('No link minted yet: generations start with the seed links.');
    expect(csvButton('Channels').disabled).toBe(true);
  });
});

describe('the Share read-only panel', () => {
  it('is hidden on a read-only page, which asks for no share', async () => {
    const client = fakeClient();
    await show(<ContentPage contentId={CONTENT.id} />, client, true);
    expect($('[data-metric="kFactor"]')).not.toBeNull();
    expect(host.textContent).not.toContain('Share read-only');
    expect(client.listShares).not.toHaveBeenCalled();
  });

  it('links to no page a share’s token cannot open', async () => {
    await show(<ContentPage contentId={CONTENT.id} />, fakeClient(), true);
    expect($('.report-meta')?.textContent).toContain('Campaign: spring');
    expect($$('.report-header a').map((link) => link.getAttribute('href'))).toEqual(['https://example.com/spring-sale']);
  });

  it('creates a share and shows its URL to copy', async () => {
    const created = {
      id: 'shr_1',
      label: 'Board',
      createdAt: '2026-03-10T12:00:00.000Z',
      expiresAt: null,
      token: 'rshr_x',
      url: 'http://localhost/app/r/rshr_x',
    };
    const client = fakeClient({ createShare: async () => created });
    await show(<ContentPage contentId={CONTENT.id} />, client);
    expect(host.textContent).toContain('No share link yet.');
    await enter($('input[name="label"]') as HTMLInputElement, ' Board ');
    await enter($('input[name="expires"]') as HTMLInputElement, '2026-12-31');
    await click(buttonNamed('Create share link'));
    expect(client.createShare).toHaveBeenCalledWith(CONTENT.id, { label: 'Board', expiresAt: new Date('2026-12-31T23:59:59.999').toISOString() });
    expect($('[data-testid="share-url"]')?.textContent).toBe(created.url);
    expect($('.created-share button')?.getAttribute('aria-label')).toBe(`Copy link: ${created.url}`);
    expect($$('tr[data-share-id]').map((row) => row.dataset.shareId)).toEqual(['shr_1']);
  });

  it('shows why a share was refused', async () => {
    const client = fakeClient({ createShare: async () => Promise.reject(new ApiError(400, 'validation_error', 'expiresAt: must be in the future')) });
    await show(<ContentPage contentId={CONTENT.id} />, client);
    await click(buttonNamed('Create share link'));
    expect($('.share-panel [role=alert]')?.textContent).toBe('expiresAt: must be in the future');
  });

  it('revokes a share and removes its row', async () => {
    const shares = [
      { id: 'shr_1', label: 'Board', createdAt: '2026-03-01T10:00:00.000Z', expiresAt: '2026-04-01T10:00:00.000Z' },
      { id: 'shr_2', label: null, createdAt: '2026-03-02T10:00:00.000Z', expiresAt: null },
    ];
    const client = fakeClient({ listShares: async () => ({ items: shares, nextCursor: null }), revokeShare: async () => undefined });
    await show(<ContentPage contentId={CONTENT.id} />, client);
    expect(client.listShares).toHaveBeenCalledWith(CONTENT.id, { limit: 100 });
    const first = $('tr[data-share-id="shr_1"]') as HTMLElement;
    expect(first.textContent).toContain('Board');
    expect($('tr[data-share-id="shr_2"]')?.textContent).toContain('Never (until revoked)');
    await click(buttonNamed('Revoke', first));
    expect(client.revokeShare).toHaveBeenCalledWith(CONTENT.id, 'shr_1');
    expect($$('tr[data-share-id]').map((row) => row.dataset.shareId)).toEqual(['shr_2']);
  });

  it('keeps a row whose revocation failed, saying why', async () => {
    const share = { id: 'shr_1', label: 'Board', createdAt: '2026-03-01T10:00:00.000Z', expiresAt: null };
    const client = fakeClient({
      listShares: async () => ({ items: [share], nextCursor: null }),
      revokeShare: async () => Promise.reject(new ApiError(503, 'unavailable', 'Ripple is briefly unavailable.')),
    });
    await show(<ContentPage contentId={CONTENT.id} />, client);
    await click(buttonNamed('Revoke', $('tr[data-share-id="shr_1"]') as HTMLElement));
    expect($('tr[data-share-id="shr_1"] [role=alert]')?.textContent).toBe('Ripple is briefly unavailable.');
  });
});

describe('moving from one content to another', () => {
  it('never shows the previous content’s numbers, and starts on the new content’s own K window', async () => {
    const other = { ...CONTENT, id: 'cnt_0002', title: 'Other' };
    let answerSecond: (report: ReturnType<typeof fakeReport>) => void = () => undefined;
    const client = fakeClient({
      getContent: async (id) => (id === other.id ? other : CONTENT),
      report: (id) => (id === other.id ? new Promise((resolve) => (answerSecond = resolve)) : Promise.resolve(fakeReport())),
    });
    await show(<ContentPage contentId={CONTENT.id} />, client);
    await enter($('select[aria-label="K window"]') as HTMLSelectElement, '604800');
    expect(client.report).toHaveBeenLastCalledWith(CONTENT.id, 604_800);

    await show(<ContentPage contentId={other.id} />, client);
    expect(client.report).toHaveBeenLastCalledWith(other.id, undefined);
    expect($('h1')?.textContent).toBe('Other');
    expect($('[data-metric="kFactor"]')).toBeNull();
    answerSecond(fakeReport({ contentId: other.id, clicks: 5 }));
    await settle();
    expect($('[data-metric="clicks"]')?.dataset.value).toBe('5');
  });
});
