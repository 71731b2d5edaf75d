import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient } from '../../../../web/dashboard/api/client.js';
import type { ContentReport, ContentView, LinkView, Page } from '../../../../web/dashboard/api/types.js';
import { ContentsPage } from '../../../../web/dashboard/pages/contents.js';
import { useRoute } from '../../../../web/dashboard/router.js';
import { button, buttons, click, deferred, field, renderWith, settle, type } from './dom.js';

const host = document.body.appendChild(document.createElement('div'));
beforeEach(() => history.replaceState(null, '', '/app'));
afterEach(() => render(null, host));

const content = (id: string, extra: Partial<ContentView> = {}): ContentView => ({
  id,
  url: `https://example.com/${id}`,
  title: `Title ${id}`,
  campaign: 'spring',
  refParam: 'ref',
  kWindowSeconds: 86_400,
  active: true,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  ...extra,
});

const report = (contentId: string, values: Partial<ContentReport>) =>
  ({ contentId, campaign: 'spring', links: 0, clicks: 0, kFactor: null, earnedReach: 0, eventsThrough: null, computedAt: null, ...values }) as ContentReport;

const page = (items: ContentView[], nextCursor: string | null = null): Page<ContentView> => ({ items, nextCursor });

// The contents page as the app shows it: its props from the URL, re-rendered on navigation.
function Routed() {
  const route = useRoute();
  return route.page === 'contents' ? <ContentsPage campaign={route.campaign} cursor={route.cursor} /> : <p>{route.page}</p>;
}

async function show(client: Partial<ApiClient>) {
  render(null, host);
  renderWith(host, client, <Routed />);
  await settle();
}

const row = (id: string) => host.querySelector(`tr[data-content-id="${id}"]`) as HTMLTableRowElement;
const metric = (id: string, name: string) => row(id).querySelector(`[data-metric="${name}"]`);

describe('ContentsPage: the list', () => {
  it("shows each row's report values exactly as the API gave them", async () => {
    const reports: Record<string, ContentReport> = {
      cnt_a: report('cnt_a', { links: 1234, clicks: 56789, kFactor: 1.23456, earnedReach: 4321, eventsThrough: new Date().toISOString() }),
      cnt_b: report('cnt_b', { links: 1, clicks: 0, kFactor: null, earnedReach: 0, eventsThrough: null }),
    };
    const client = {
      listContents: vi.fn(async () => page([content('cnt_a'), content('cnt_b', { title: null, campaign: null })])),
      report: vi.fn(async (id: string) => reports[id] as ContentReport),
    };
    await show(client);
    expect(client.listContents).toHaveBeenCalledWith({ campaign: undefined, cursor: undefined, limit: 20 });
    expect(['links', 'clicks', 'kFactor', 'earnedReach'].map((name) => metric('cnt_a', name)?.getAttribute('data-value'))).toEqual([
      '1234',
      '56789',
      '1.23456',
      '4321',
    ]);
    expect(['links', 'clicks', 'kFactor', 'earnedReach'].map((name) => metric('cnt_b', name)?.getAttribute('data-value'))).toEqual(['1', '0', 'null', '0']);
    expect(metric('cnt_b', 'kFactor')?.textContent).toBe('—');
    expect(row('cnt_a').textContent).toContain('just now');
    expect(row('cnt_b').textContent).toContain('not aggregated yet');
    // Title (else the URL) to the content page; the campaign to its page.
    expect(row('cnt_a').querySelector('a')?.getAttribute('href')).toBe('/app/contents/cnt_a');
    expect(row('cnt_a').querySelector('a[href="/app/campaigns/spring"]')?.textContent).toBe('spring');
    expect(row('cnt_b').querySelector('a')?.textContent).toBe('https://example.com/cnt_b');
  });

  it('fetches at most 6 reports at a time, and each row shows its own loading and error', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<ContentReport>>>();
    const ids = Array.from({ length: 10 }, (_, i) => `cnt_${i}`);
    const client = {
      listContents: vi.fn(async () => page(ids.map((id) => content(id)))),
      report: vi.fn((id: string) => {
        const answer = deferred<ContentReport>();
        answers.set(id, answer);
        return answer.promise;
      }),
    };
    await show(client);
    expect(client.report).toHaveBeenCalledTimes(6);
    expect(metric('cnt_0', 'links')?.hasAttribute('data-value')).toBe(false);
    expect(row('cnt_0').getAttribute('aria-busy')).toBe('true');

    answers.get('cnt_0')?.resolve(report('cnt_0', { links: 7 }));
    answers.get('cnt_1')?.reject(new ApiError(500, 'internal', 'Something broke'));
    await settle();
    expect(client.report).toHaveBeenCalledTimes(8);
    expect(metric('cnt_0', 'links')?.getAttribute('data-value')).toBe('7');
    expect(row('cnt_1').querySelector('[role=alert]')?.textContent).toContain('Something broke');
    expect(metric('cnt_2', 'links')?.hasAttribute('data-value')).toBe(false);
  });

  it('says why the list is empty, with and without a campaign filter', async () => {
    await show({ listContents: vi.fn(async () => page([])), report: vi.fn() });
    expect(host.textContent).toContain('No content yet. Create one above, or with POST /v1/contents.');

    history.replaceState(null, '', '/app?campaign=autumn');
    await show({ listContents: vi.fn(async () => page([])), report: vi.fn() });
    expect(host.textContent).toContain('No content in campaign autumn');
  });
});

describe('ContentsPage: filter and pages', () => {
  it('puts the campaign filter in the URL and lists that campaign', async () => {
    const client = { listContents: vi.fn(async () => page([])), report: vi.fn() };
    await show(client);
    const filter = host.querySelector('form[role=search]') as HTMLFormElement;
    type(filter, 'Filter by campaign', ' spring ');
    await click(filter, 'Apply');

    expect(location.search).toBe('?campaign=spring');
    expect(client.listContents).toHaveBeenLastCalledWith({ campaign: 'spring', cursor: undefined, limit: 20 });

    await click(filter, 'Clear');
    expect(location.search).toBe('');
    expect(client.listContents).toHaveBeenLastCalledWith({ campaign: undefined, cursor: undefined, limit: 20 });
  });

  it("follows the API's nextCursor with Next page, and First page drops it", async () => {
    history.replaceState(null, '', '/app?campaign=spring');
    const client = {
      listContents: vi.fn(async ({ cursor }: { cursor?: string } = {}) =>
        cursor === undefined ? page([content('cnt_a')], 'cur_2') : page([content('cnt_b')]),
      ),
      report: vi.fn(async (id: string) => report(id, {})),
    };
    await show(client);
    expect(button(host, 'First page').disabled).toBe(true);

    await click(host, 'Next page');
    expect(location.search).toBe('?campaign=spring&cursor=cur_2');
    expect(client.listContents).toHaveBeenLastCalledWith({ campaign: 'spring', cursor: 'cur_2', limit: 20 });
    expect(row('cnt_b')).not.toBeNull();
    expect(button(host, 'Next page').disabled).toBe(true);

    await click(host, 'First page');
    expect(location.search).toBe('?campaign=spring');
    expect(row('cnt_a')).not.toBeNull();
  });
});

describe('ContentsPage: create and mint', () => {
  it("creates a content from the form's values, then lists the first page again and offers a seed link", async () => {
    const created = content('cnt_new', { title: 'Launch', campaign: 'spring' });
    let listed: ContentView[] = [];
    const client = {
      listContents: vi.fn(async () => page(listed)),
      report: vi.fn(async (id: string) => report(id, {})),
      createContent: vi.fn(async () => {
        listed = [created];
        return created;
      }),
    };
    await show(client);
    const form = host.querySelector('form.create-content') as HTMLFormElement;
    type(form, 'Destination URL', 'https://example.com/launch');
    type(form, 'Title', 'Launch');
    type(form, 'Campaign', 'spring');
    await click(form, 'Create content');

    expect(client.createContent).toHaveBeenCalledWith({ url: 'https://example.com/launch', title: 'Launch', campaign: 'spring' });
    expect(row('cnt_new')).not.toBeNull();
    expect(host.querySelector('[data-created-content-id="cnt_new"]')?.textContent).toContain('Mint seed link');
    expect((field(form, 'Destination URL') as HTMLInputElement).value).toBe('');
  });

  it('leaves out empty optional fields and shows the API validation issues beside the form', async () => {
    const refusal = new ApiError(400, 'validation_error', 'url: must be an absolute http:// or https:// URL', [
      { path: ['url'], message: 'must be an absolute http:// or https:// URL' },
    ]);
    const client = { listContents: vi.fn(async () => page([])), report: vi.fn(), createContent: vi.fn(async () => Promise.reject(refusal)) };
    await show(client);
    const form = host.querySelector('form.create-content') as HTMLFormElement;
    type(form, 'Destination URL', 'ftp://example.com');
    await click(form, 'Create content');

    expect(client.createContent).toHaveBeenCalledWith({ url: 'ftp://example.com' });
    const issue = form.querySelector('[role=alert] li[data-path="url"]');
    expect(issue?.textContent).toBe('url must be an absolute http:// or https:// URL');
    expect(client.listContents).toHaveBeenCalledTimes(1);
  });

  it('mints a seed link with the optional sharer and channel and shows its short URL with a copy button', async () => {
    const link = { code: 'Ab3dE', shortUrl: 'https://rp.example/Ab3dE', contentId: 'cnt_a' } as LinkView;
    const client = {
      listContents: vi.fn(async () => page([content('cnt_a')])),
      report: vi.fn(async (id: string) => report(id, {})),
      mintLink: vi.fn(async () => link),
    };
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await show(client);

    await click(row('cnt_a'), 'Mint seed link');
    type(row('cnt_a'), 'Sharer', 'ana');
    type(row('cnt_a'), 'Channel', ' email ');
    await click(row('cnt_a'), 'Mint');

    expect(client.mintLink).toHaveBeenCalledWith('cnt_a', { sharer: 'ana', channel: 'email' });
    expect(row('cnt_a').querySelector('.short-url')?.textContent).toBe('https://rp.example/Ab3dE');
    act(() => button(row('cnt_a'), 'Copy short URL').click());
    await settle();
    expect(writeText).toHaveBeenCalledWith('https://rp.example/Ab3dE');
    expect(buttons(row('cnt_a'), 'Copied')).toHaveLength(1);
  });
});
