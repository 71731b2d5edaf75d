import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithKey } from '../../shared/admin.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { api, eventually } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// Issue 4 through the real HTTP surface: a local stack whose delivery timer runs every 0.2 s with
// a 0.3 s retry schedule and a 1 s timeout, and real receivers on 127.0.0.1 that verify what they
// get with the standardwebhooks package. Loopback targets need RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1;
// the refusals are checked on a second stack without it (the default).
let stack: LocalStack;
let receiver: WebhookReceiver;
let otherKey: string;

const FLAKY_FAILURES = 3;

beforeAll(async () => {
  receiver = await startReceiver((path, index) => {
    if (path === '/flaky') return { status: index < FLAKY_FAILURES ? 500 : 204 };
    if (path === '/gone') return { status: 410 };
    if (path === '/down') return { status: 503 };
    if (path === '/slow') return { status: 204, delayMs: 3_000 };
    if (path === '/redirect') return { status: 302, headers: { location: receiver.url('/stolen') } };
    return { status: 204 };
  });
  stack = await startLocalStack({
    env: {
      RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1',
      RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', // aggregated on demand below
      RIPPLE_DELIVERY_INTERVAL_SECONDS: '0.2',
      RIPPLE_WEBHOOK_RETRY_SCHEDULE_SECONDS: '0.3,0.3,0.3,0.3,0.3',
      RIPPLE_WEBHOOK_TIMEOUT_MS: '1000',
      RIPPLE_WEBHOOK_DISABLE_AFTER_FAILURES: '4',
    },
  });
  ({ apiKey: otherKey } = await createWorkspaceWithKey(makeWorkspaceStore(stack.db()), { name: 'other' }, new Date()));
});

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

const subscribe = (body: Record<string, unknown>) => api(stack, 'POST', '/v1/webhooks', { events: ['content.threshold_crossed'], ...body });
const aggregate = () => fetch(`${stack.url}/_local/aggregate`, { method: 'POST', body: '{}' }).then((response) => response.json());
const deliver = () => fetch(`${stack.url}/_local/deliver`, { method: 'POST', body: '{}' }).then((response) => response.json());
const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);

/** A content with a seed link and `reshares` re-share links in a chain; answers its id and last code. */
async function cascade(reshares: number, campaign?: string) {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://brand.example.com/launch', ...(campaign ? { campaign } : {}) });
  let parent = (await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'brand' })).body.code as string;
  for (let index = 0; index < reshares; index++)
    parent = (await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { parent, sharer: `u${index}` })).body.code;
  return { contentId: content.body.id as string, lastCode: parent };
}

describe('subscriptions', () => {
  it('subscribes with a secret shown once, then reads, lists and deletes', async () => {
    const created = await subscribe({ url: receiver.url('/crud') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^wh_/),
      url: receiver.url('/crud'),
      status: 'active',
      contentId: null,
      campaign: null,
      // docs/contract.md §4: the default set.
      thresholds: [{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }],
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(created.headers.get('location')).toBe(`/v1/webhooks/${created.body.id}`);

    const read = await api(stack, 'GET', `/v1/webhooks/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.body.id);
    expect(read.body).not.toHaveProperty('secret');

    const second = await subscribe({ url: receiver.url('/crud'), thresholds: [{ metric: 'clicks', gte: 1000 }] });
    const first = await api(stack, 'GET', '/v1/webhooks?limit=1');
    const rest = await api(stack, 'GET', `/v1/webhooks?limit=100&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const listed = [...first.body.items, ...rest.body.items].map((item: { id: string }) => item.id);
    expect(listed).toEqual(expect.arrayContaining([created.body.id, second.body.id]));
    expect(new Set(listed).size).toBe(listed.length);
    expect(JSON.stringify([first.body, rest.body])).not.toContain('whsec_');

    expect(await api(stack, 'DELETE', `/v1/webhooks/${created.body.id}`)).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await api(stack, 'GET', `/v1/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await api(stack, 'DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it.each([
    ['no url', { events: ['content.threshold_crossed'] }, 'url'],
    ['an unknown event', { url: 'http://127.0.0.1:9/x', events: ['link.clicked'] }, 'events'],
    [
      'a threshold on an unknown metric',
      { url: 'http://127.0.0.1:9/x', events: ['content.threshold_crossed'], thresholds: [{ metric: 'virality', gte: 1 }] },
      'thresholds',
    ],
    ['a content of no one', { url: 'http://127.0.0.1:9/x', events: ['content.threshold_crossed'], contentId: 'cnt_AAAAAAAAAAAAAAAAAAAAA' }, 'contentId'],
    // Found by the hostile-input fuzzer: DynamoDB cannot store it, and the write answered 500.
    [
      'a threshold too close to 0 to store',
      { url: 'http://127.0.0.1:9/x', events: ['content.threshold_crossed'], thresholds: [{ metric: 'reshares', gte: 1.8e-231 }] },
      'thresholds',
    ],
  ])('refuses %s with 400 validation_error naming the field', async (_why, body, field) => {
    const response = await api(stack, 'POST', '/v1/webhooks', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_error');
    expect(response.body.error.issues.map((issue: { path: string[] }) => issue.path[0])).toContain(field);
  });

  it('refuses malformed JSON with 400 invalid_json', async () => {
    const response = await api(stack, 'POST', '/v1/webhooks', undefined, { rawBody: '{"url":' });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it("answers 404 to another workspace's webhook, and never lists it", async () => {
    const mine = await subscribe({ url: receiver.url('/tenancy') });
    const asOther = { key: otherKey };
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${mine.body.id}`],
      ['DELETE', `/v1/webhooks/${mine.body.id}`],
      ['POST', `/v1/webhooks/${mine.body.id}/test`],
      ['GET', `/v1/webhooks/${mine.body.id}/deliveries`],
    ] as const) {
      expect((await api(stack, method, path, method === 'POST' ? {} : undefined, asOther)).status).toBe(404);
    }
    expect((await api(stack, 'GET', '/v1/webhooks', undefined, asOther)).body.items).toEqual([]);
    expect(requestsTo('/tenancy')).toEqual([]);
    expect((await api(stack, 'GET', `/v1/webhooks/${mine.body.id}`)).status).toBe(200);
  });

  it('still refuses link-local, metadata and CGNAT targets when private ones are allowed', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/x', 'http://[fe80::1]/x', 'http://0.0.0.0/x']) {
      const response = await subscribe({ url });
      expect({ url, status: response.status, code: response.body.error?.code }).toEqual({ url, status: 422, code: 'invalid_target' });
    }
    expect((await subscribe({ url: 'http://10.0.0.5/x' })).status).toBe(201);
  });
});

describe('threshold events', () => {
  it('delivers exactly one verified content.threshold_crossed per crossing, however often the aggregation runs', async () => {
    const { contentId, lastCode } = await cascade(4, 'spring');
    const watching = await subscribe({ url: receiver.url('/crossed'), thresholds: [{ metric: 'reshares', gte: 3 }], contentId });
    const otherCampaign = await subscribe({ url: receiver.url('/elsewhere'), thresholds: [{ metric: 'reshares', gte: 1 }], campaign: 'autumn' });
    expect([watching.status, otherCampaign.status]).toEqual([201, 201]);

    await aggregate();
    const [event] = await eventually(async () => {
      const received = receiver.verified(watching.body.secret, '/crossed');
      return received.length > 0 ? received : undefined;
    });

    // More re-shares, more aggregation runs (two at once among them) and delivery rounds: the
    // crossing happened once, so the receiver hears of it once.
    await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: lastCode });
    await Promise.all([aggregate(), aggregate()]);
    await aggregate();
    await deliver();
    await deliver();

    expect(requestsTo('/crossed')).toHaveLength(1);
    expect(receiver.verified(watching.body.secret, '/crossed')).toHaveLength(1);
    expect(event!.id).toMatch(/^evt_/);
    expect(event!.payload).toMatchObject({
      type: 'content.threshold_crossed',
      timestamp: expect.any(String),
      data: { contentId, campaign: 'spring', metric: 'reshares', threshold: 3, value: 4, report: expect.objectContaining({ reshares: 4, links: 5 }) },
    });
    // A receiver with another secret cannot accept it.
    expect(receiver.verified(otherCampaign.body.secret, '/crossed')).toEqual([]);
    expect(requestsTo('/elsewhere')).toEqual([]);

    const deliveries = await api(stack, 'GET', `/v1/webhooks/${watching.body.id}/deliveries`);
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({
        eventId: event!.id,
        type: 'content.threshold_crossed',
        attempt: 1,
        outcome: 'delivered',
        responseCode: 204,
        nextRetryAt: null,
      }),
    ]);
  });
});

describe('delivery', () => {
  it('sends a signed webhook.test on demand, whatever the subscription watches', async () => {
    const subscription = await subscribe({ url: receiver.url('/test-event') });
    const sent = await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});
    expect(sent.status).toBe(202);
    expect(sent.body.attempt).toMatchObject({ outcome: 'delivered', responseCode: 204 });
    const [received] = receiver.verified(subscription.body.secret, '/test-event');
    expect(received).toMatchObject({ id: sent.body.eventId, payload: { type: 'webhook.test', data: { subscriptionId: subscription.body.id } } });
  });

  it(`retries a receiver that fails ${FLAKY_FAILURES} times: one event, ${FLAKY_FAILURES + 1} attempts, one webhook-id`, async () => {
    const subscription = await subscribe({ url: receiver.url('/flaky') });
    const sent = await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});
    expect(sent.body.attempt).toMatchObject({ outcome: 'failed', responseCode: 500, nextRetryAt: expect.any(String) });

    const attempts = await eventually(async () => {
      const page = await api(stack, 'GET', `/v1/webhooks/${subscription.body.id}/deliveries`);
      return page.body.items.some((attempt: { outcome: string }) => attempt.outcome === 'delivered') ? page.body.items : undefined;
    });

    expect(requestsTo('/flaky')).toHaveLength(FLAKY_FAILURES + 1);
    expect(new Set(requestsTo('/flaky').map((request) => request.headers['webhook-id']))).toEqual(new Set([sent.body.eventId]));
    expect(receiver.verified(subscription.body.secret, '/flaky')).toHaveLength(FLAKY_FAILURES + 1);
    // Newest first: what happened, with what code, how long it took and when the next try was due.
    expect(attempts.map((attempt: { attempt: number; responseCode: number }) => [attempt.attempt, attempt.responseCode])).toEqual([
      [4, 204],
      [3, 500],
      [2, 500],
      [1, 500],
    ]);
    for (const attempt of attempts) {
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
      expect(attempt.nextRetryAt === null).toBe(attempt.outcome === 'delivered');
    }
    // Retries waited for their schedule: each after the previous attempt's nextRetryAt.
    const chronological = [...attempts].reverse();
    for (let index = 1; index < chronological.length; index++) {
      expect(Date.parse(chronological[index].attemptedAt)).toBeGreaterThanOrEqual(Date.parse(chronological[index - 1].nextRetryAt));
    }
    expect((await api(stack, 'GET', `/v1/webhooks/${subscription.body.id}`)).body.status).toBe('active');
  });

  it('disables the subscription when the receiver answers 410 Gone, and sends it nothing more', async () => {
    const subscription = await subscribe({ url: receiver.url('/gone') });
    const sent = await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});
    expect(sent.body.attempt).toMatchObject({ outcome: 'gone', responseCode: 410, nextRetryAt: null });

    const read = await api(stack, 'GET', `/v1/webhooks/${subscription.body.id}`);
    expect(read.body).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('410') });
    const again = await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    await deliver();
    expect(requestsTo('/gone')).toHaveLength(1);
  });

  it('disables the subscription, visibly, after the configured number of failures in a row', async () => {
    const subscription = await subscribe({ url: receiver.url('/down') });
    await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});

    const read = await eventually(async () => {
      const current = await api(stack, 'GET', `/v1/webhooks/${subscription.body.id}`);
      return current.body.status === 'disabled' ? current.body : undefined;
    });

    expect(read.disabledReason).toBe('4 deliveries failed in a row');
    await deliver();
    expect(requestsTo('/down')).toHaveLength(4);
    const attempts = (await api(stack, 'GET', `/v1/webhooks/${subscription.body.id}/deliveries`)).body.items;
    expect(attempts[0]).toMatchObject({ attempt: 4, outcome: 'failed', responseCode: 503 });
  });

  it('gives up on a receiver that does not answer within the timeout, and says so', async () => {
    const subscription = await subscribe({ url: receiver.url('/slow') });
    const sent = await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});
    expect(sent.body.attempt).toMatchObject({ outcome: 'failed', responseCode: null, error: 'timeout', nextRetryAt: expect.any(String) });
    expect(sent.body.attempt.durationMs).toBeGreaterThanOrEqual(950);
    expect(sent.body.attempt.durationMs).toBeLessThan(3_000);
  });

  it('treats a 302 as a failure and never follows it, even to a loopback address', async () => {
    const subscription = await subscribe({ url: receiver.url('/redirect') });
    const sent = await api(stack, 'POST', `/v1/webhooks/${subscription.body.id}/test`, {});
    expect(sent.body.attempt).toMatchObject({ outcome: 'failed', responseCode: 302, error: expect.stringContaining('not followed') });

    await eventually(async () => (requestsTo('/redirect').length >= 2 ? true : undefined));
    expect(requestsTo('/stolen')).toEqual([]);
  });
});

describe('targets, with private addresses not allowed (the default)', () => {
  let strict: LocalStack;
  beforeAll(async () => {
    strict = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DELIVERY_INTERVAL_SECONDS: '0' } });
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://127.1/x',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://2130706433/x',
    'http://0x7f.1/x',
    'http://0.0.0.0/x',
    'http://169.254.169.254/latest',
    'http://10.0.0.5/x',
    'http://172.16.3.4/x',
    'http://192.168.1.1/x',
    'http://100.64.0.1/x',
    'http://localhost/x',
    'http://[fd00::1]/x',
    'http://224.0.0.1/x',
    'http://255.255.255.255/x',
  ])('refuses %s with 422 invalid_target', async (url) => {
    const response = await api(strict, 'POST', '/v1/webhooks', { url, events: ['content.threshold_crossed'] });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'invalid_target', issues: [{ path: ['url'] }] });
  });

  it('refuses a host name that does not resolve', async () => {
    const response = await api(strict, 'POST', '/v1/webhooks', { url: 'https://no-such-host.invalid/hook', events: ['content.threshold_crossed'] });
    expect(response).toMatchObject({ status: 422, body: { error: { code: 'invalid_target', message: expect.stringContaining('does not resolve') } } });
    expect((await api(strict, 'GET', '/v1/webhooks')).body.items).toEqual([]);
  });
});
