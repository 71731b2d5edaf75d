import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient } from '../../../../web/dashboard/api/client.js';
import type { CreatedWebhook, DeliveryAttempt, Page, WebhookView } from '../../../../web/dashboard/api/types.js';
import { WebhooksPage } from '../../../../web/dashboard/pages/webhooks.js';
import { button, click, renderWith, settle, type } from '../contents/dom.js';

const host = document.body.appendChild(document.createElement('div'));
beforeEach(() => history.replaceState(null, '', '/app/webhooks'));
afterEach(() => {
  render(null, host);
  vi.restoreAllMocks();
});

const webhook = (id: string, extra: Partial<WebhookView> = {}): WebhookView => ({
  id,
  url: `https://hooks.example.com/${id}`,
  events: ['content.threshold_crossed'],
  thresholds: [{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }],
  contentId: null,
  campaign: null,
  status: 'active',
  disabledReason: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  ...extra,
});

const attempt = (n: number, extra: Partial<DeliveryAttempt> = {}): DeliveryAttempt => ({
  eventId: `evt_${n}`,
  type: 'content.threshold_crossed',
  attempt: n,
  outcome: 'failed',
  responseCode: 500,
  durationMs: 120,
  error: 'HTTP 500',
  attemptedAt: '2026-03-01T10:00:00.000Z',
  nextRetryAt: '2026-03-01T10:05:00.000Z',
  ...extra,
});

const listOf = (items: WebhookView[], nextCursor: string | null = null): Page<WebhookView> => ({ items, nextCursor });

async function show(client: Partial<ApiClient>) {
  renderWith(host, client, <WebhooksPage />);
  await settle();
}

// happy-dom has no window.confirm: each test gives its own answer.
function confirmAnswer(answer: boolean) {
  const confirm = vi.fn(() => answer);
  Object.defineProperty(window, 'confirm', { value: confirm, configurable: true, writable: true });
  return confirm;
}

const item = (id: string) => host.querySelector(`[data-webhook-id="${id}"]`) as HTMLElement;
const form = () => host.querySelector('form.subscribe') as HTMLFormElement;

describe('WebhooksPage: subscribe', () => {
  const created = (body: unknown): CreatedWebhook => ({ ...webhook('wh_new'), ...(body as object), secret: 'whsec_c2VjcmV0LXNob3duLW9uY2U=' });

  it.each([
    ['All contents', null, {}],
    ['One content', 'cnt_abcdefghijklmnopqrstu', { contentId: 'cnt_abcdefghijklmnopqrstu' }],
    ['One campaign', 'spring', { campaign: 'spring' }],
  ] as const)('sends exactly the body of the form for the scope "%s"', async (scope, target, expected) => {
    const client = { listWebhooks: vi.fn(async () => listOf([])), createWebhook: vi.fn(async (body: unknown) => created(body)) };
    await show(client);
    type(form(), 'Endpoint URL', ' https://hooks.example.com/ripple ');
    type(form(), 'Metric', 'clicks');
    type(form(), 'Threshold (≥)', '250');
    type(form(), 'Scope', { 'All contents': 'all', 'One content': 'content', 'One campaign': 'campaign' }[scope]);
    if (target !== null) type(form(), scope === 'One content' ? 'Content id' : 'Campaign name', ` ${target} `);
    await click(form(), 'Subscribe');

    expect(client.createWebhook).toHaveBeenCalledWith({
      url: 'https://hooks.example.com/ripple',
      events: ['content.threshold_crossed'],
      thresholds: [{ metric: 'clicks', gte: 250 }],
      ...expected,
    });
  });

  it('offers exactly the threshold metrics, and sends minMatureLinks only when given', async () => {
    const client = { listWebhooks: vi.fn(async () => listOf([])), createWebhook: vi.fn(async (body: unknown) => created(body)) };
    await show(client);
    const options = [...form().querySelectorAll('select[name=metric] option')].map((option) => (option as HTMLOptionElement).value);
    expect(options).toContain('earnedReach');
    expect(options).toHaveLength(20);
    type(form(), 'Endpoint URL', 'https://hooks.example.com/k');
    type(form(), 'Min. mature re-shares', '10');
    await click(form(), 'Subscribe');
    expect(client.createWebhook).toHaveBeenCalledWith({
      url: 'https://hooks.example.com/k',
      events: ['content.threshold_crossed'],
      thresholds: [{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }],
    });
  });

  it('shows the signing secret once, and never again once dismissed', async () => {
    let stored: WebhookView[] = [];
    const client = {
      listWebhooks: vi.fn(async () => listOf(stored)),
      createWebhook: vi.fn(async (body: unknown) => {
        const answer = created(body);
        const { secret: _secret, ...view } = answer;
        stored = [view];
        return answer;
      }),
    };
    await show(client);
    type(form(), 'Endpoint URL', 'https://hooks.example.com/ripple');
    await click(form(), 'Subscribe');

    const panel = host.querySelector('.signing-secret') as HTMLElement;
    expect(panel.querySelector('.secret')?.textContent).toBe('whsec_c2VjcmV0LXNob3duLW9uY2U=');
    expect(panel.textContent).toContain('will not be shown again');
    expect(button(panel, 'Copy signing secret')).toBeTruthy();
    // The list was read again and shows the new webhook, without its secret.
    expect(client.listWebhooks).toHaveBeenCalledTimes(2);
    expect(item('wh_new').textContent).not.toContain('whsec_');

    await click(panel, 'I have stored it');
    expect(host.textContent).not.toContain('whsec_');
    expect(host.querySelector('.signing-secret')).toBeNull();
  });

  it("shows the API's refusal (a private URL) beside the form", async () => {
    const refusal = new ApiError(400, 'invalid_target', 'url may not be a webhook target: 10.0.0.8 is private', [
      { path: ['url'], message: 'url may not be a webhook target: 10.0.0.8 is private' },
    ]);
    const client = { listWebhooks: vi.fn(async () => listOf([])), createWebhook: vi.fn(async () => Promise.reject(refusal)) };
    await show(client);
    type(form(), 'Endpoint URL', 'http://10.0.0.8/hook');
    await click(form(), 'Subscribe');

    expect(form().querySelector('[role=alert] li[data-path="url"]')?.textContent).toBe('url may not be a webhook target: 10.0.0.8 is private');
    expect(host.querySelector('.signing-secret')).toBeNull();
    expect((form().querySelector('input[name=url]') as HTMLInputElement).value).toBe('http://10.0.0.8/hook');
  });
});

describe('WebhooksPage: the list', () => {
  it('shows each webhook: URL, events, thresholds, scope, status and why it is disabled', async () => {
    const client = {
      listWebhooks: vi.fn(async () =>
        listOf([
          webhook('wh_a'),
          webhook('wh_b', { contentId: 'cnt_x', thresholds: [{ metric: 'clicks', gte: 1000 }] }),
          webhook('wh_c', { campaign: 'spring', status: 'disabled', disabledReason: 'the endpoint answered 410 Gone' }),
        ]),
      ),
    };
    await show(client);
    expect(item('wh_a').textContent).toContain('https://hooks.example.com/wh_a');
    expect(item('wh_a').textContent).toContain('content.threshold_crossed');
    expect(item('wh_a').querySelector('.thresholds')?.textContent).toBe('kFactor ≥ 1 (once 10 re-shares are mature)');
    expect(item('wh_a').querySelector('[data-scope]')?.textContent).toBe('all contents');
    expect(item('wh_b').querySelector('.thresholds')?.textContent).toBe('clicks ≥ 1000');
    expect(item('wh_b').querySelector('[data-scope="content"] a')?.getAttribute('href')).toBe('/app/contents/cnt_x');
    expect(item('wh_c').querySelector('[data-scope="campaign"] a')?.getAttribute('href')).toBe('/app/campaigns/spring');
    expect(item('wh_c').textContent).toContain('disabled: the endpoint answered 410 Gone');
    expect(button(item('wh_c'), 'Send test').disabled).toBe(true);
  });

  it('says there is none yet, and reads further pages with More', async () => {
    await show({ listWebhooks: vi.fn(async () => listOf([])) });
    expect(host.textContent).toContain('No webhook yet: subscribe above to be told when content goes viral');

    render(null, host);
    const client = {
      listWebhooks: vi.fn(async ({ cursor }: { cursor?: string } = {}) => (cursor ? listOf([webhook('wh_b')]) : listOf([webhook('wh_a')], 'cur_2'))),
    };
    await show(client);
    await click(host, 'More');
    expect(client.listWebhooks).toHaveBeenLastCalledWith({ cursor: 'cur_2', limit: 20 });
    expect(item('wh_a')).not.toBeNull();
    expect(item('wh_b')).not.toBeNull();
  });
});

describe('WebhooksPage: per webhook', () => {
  it("sends a test and shows its immediate attempt's outcome", async () => {
    const client = {
      listWebhooks: vi.fn(async () => listOf([webhook('wh_a')])),
      testWebhook: vi.fn(async () => ({
        eventId: 'evt_test_1',
        attempt: attempt(1, {
          eventId: 'evt_test_1',
          type: 'webhook.test',
          outcome: 'delivered',
          responseCode: 204,
          durationMs: 42,
          error: null,
          nextRetryAt: null,
        }),
      })),
    };
    await show(client);
    await click(item('wh_a'), 'Send test');
    expect(client.testWebhook).toHaveBeenCalledWith('wh_a');
    expect(item('wh_a').querySelector('.test-outcome')?.textContent).toBe('Test event evt_test_1: delivered (HTTP 204 in 42 ms).');

    client.testWebhook.mockResolvedValueOnce({
      eventId: 'evt_test_2',
      attempt: attempt(1, { eventId: 'evt_test_2', responseCode: null, durationMs: 5000, error: 'timed out', nextRetryAt: null }),
    });
    await click(item('wh_a'), 'Send test');
    expect(item('wh_a').querySelector('.test-outcome')?.textContent).toBe(
      'Test event evt_test_2: failed (no response in 5000 ms): timed out. No further retry.',
    );
  });

  it('lists the deliveries in a table, with More for the next page', async () => {
    const client = {
      listWebhooks: vi.fn(async () => listOf([webhook('wh_a')])),
      deliveries: vi.fn(
        async (_id: string, { cursor }: { cursor?: string } = {}): Promise<Page<DeliveryAttempt>> =>
          cursor
            ? { items: [attempt(1)], nextCursor: null }
            : { items: [attempt(3, { outcome: 'delivered', responseCode: 200, error: null, nextRetryAt: null }), attempt(2)], nextCursor: 'cur_d' },
      ),
    };
    await show(client);
    await click(item('wh_a'), 'Deliveries');
    expect(client.deliveries).toHaveBeenCalledWith('wh_a', { cursor: undefined, limit: 20 });
    const table = () => item('wh_a').querySelector('table') as HTMLTableElement;
    expect(table().querySelector('caption')?.textContent).toBe('Deliveries');
    const cells = (r: number) => [...(table().querySelectorAll('tbody tr')[r]?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent);
    expect(cells(0).slice(1, 6)).toEqual(['content.threshold_crossed', '3', 'delivered', '200', '120']);
    expect(cells(1).slice(1, 6)).toEqual(['content.threshold_crossed', '2', 'failed', '500', '120']);
    expect(cells(1)[7]).toBe('HTTP 500');

    await click(item('wh_a'), 'More');
    expect(client.deliveries).toHaveBeenLastCalledWith('wh_a', { cursor: 'cur_d', limit: 20 });
    expect(table().querySelectorAll('tbody tr')).toHaveLength(3);
  });

  it('deletes after confirmation only', async () => {
    const client = {
      listWebhooks: vi.fn(async () => listOf([webhook('wh_a'), webhook('wh_b')])),
      deleteWebhook: vi.fn(async (id: string) => ({ id, deleted: true as const })),
    };
    await show(client);
    const confirm = confirmAnswer(false);
    await click(item('wh_a'), 'Delete');
    expect(confirm).toHaveBeenCalledOnce();
    expect(client.deleteWebhook).not.toHaveBeenCalled();
    expect(item('wh_a')).not.toBeNull();

    confirm.mockReturnValue(true);
    await click(item('wh_a'), 'Delete');
    expect(client.deleteWebhook).toHaveBeenCalledWith('wh_a');
    expect(item('wh_a')).toBeNull();
    expect(item('wh_b')).not.toBeNull();
  });

  it('keeps the webhook and says why when the delete fails', async () => {
    const client = {
      listWebhooks: vi.fn(async () => listOf([webhook('wh_a')])),
      deleteWebhook: vi.fn(async () => Promise.reject(new ApiError(503, 'unavailable', 'Ripple is briefly unavailable.'))),
    };
    await show(client);
    confirmAnswer(true);
    await click(item('wh_a'), 'Delete');
    expect(item('wh_a').querySelector('[role=alert]')?.textContent).toContain('Ripple is briefly unavailable.');
  });
});
