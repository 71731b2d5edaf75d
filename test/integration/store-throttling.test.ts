import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { storedClicks } from '../support/clicks.js';
import { api, type ApiResponse, visit } from '../support/http.js';
import { type FrontedStack, startFrontedStack } from '../support/fronted-stack.js';
import type { LocalStack } from '../support/local-stack.js';
import type { Fault, StoreFront } from '../support/store-front.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';

// Issue 12, faults: throttling (ProvisionedThroughputExceededException, ThrottlingException) and
// timeouts injected on each write path, between the stack's functions and its dynalite. The SDK
// makes up to 3 attempts per call (shared/store/db.ts): a write faulted twice goes through on its
// third attempt, exactly once, even when a timed-out attempt had in fact been applied; a write
// faulted three times is a clean JSON 503 with Retry-After, and leaves nothing half-written.
const THROTTLES: Fault[] = ['ProvisionedThroughputExceededException', 'ThrottlingException'];
const itemOf = (type: string) => `"type":{"S":"${type}"}`;

let front: StoreFront;
let stack: LocalStack;
let receiver: WebhookReceiver;
let fronted: FrontedStack | undefined;

beforeAll(async () => {
  fronted = await startFrontedStack();
  ({ front, stack, receiver } = fronted);
});
afterAll(async () => {
  await fronted?.close();
});

/**
 * Faults the next `times` writes of an item of `type` that name `about` (so that tests running at
 * once never take each other's faults), and answers a check that they were all met.
 */
function fault(type: string, about: string, kind: Fault, times: number) {
  const met = front.inject({ action: 'PutItem', bodyIncludes: [itemOf(type), about], fault: kind, times });
  return () => expect(met()).toBe(times);
}

function expectCleanUnavailable(response: { status: number; headers: Headers; body: unknown }) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.body).toEqual({ error: { code: 'unavailable', message: 'The data store is unavailable; retry shortly' } });
}

const visitor = (name: string) => `h_${name.padEnd(22, '0')}`;
const aggregate = () => fetch(`${stack.url}/_local/aggregate`, { method: 'POST', body: '{}' });
const deliver = () => fetch(`${stack.url}/_local/deliver`, { method: 'POST', body: '{}' });
const asApiResponse = async (response: Response): Promise<ApiResponse> => ({
  status: response.status,
  headers: response.headers,
  body: await response.json().catch(() => null),
});

async function contentWithLink(path: string) {
  const content = await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com/${path}` });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});
  return { contentId: content.body.id as string, code: link.body.code as string };
}

// Each write path's tests run at once: their faults are told apart by what the write names.
describe.concurrent('a click (one unconditional PutItem)', () => {
  let code: string;
  beforeAll(async () => {
    ({ code } = await contentWithLink('throttled-clicks'));
    await visit(stack, code); // the link is cached from here on: a click is then its one write
  });
  const clicksOf = async (who: string) => (await storedClicks(stack, LOCAL_WORKSPACE_ID, code)).filter((click) => click.visitorId === visitor(who));

  it.each(THROTTLES)('is retried through two %ss and stored once', async (kind) => {
    const who = `twice${kind.length}`;
    const met = fault('click', visitor(who), kind, 2);
    const response = await visit(stack, code, { cookie: `rpl_vid=${visitor(who)}` });
    met();
    expect(response.status).toBe(302);
    expect(await clicksOf(who)).toHaveLength(1);
  });

  it('is retried after a timed-out attempt that had been applied, and stored once (the retry overwrites it)', async () => {
    const met = fault('click', visitor('applied'), 'timeout-after-apply', 1);
    const response = await visit(stack, code, { cookie: `rpl_vid=${visitor('applied')}` });
    met();
    expect(response.status).toBe(302);
    expect(await clicksOf('applied')).toHaveLength(1);
  });

  it('answers a clean 503 when throttled on every attempt, storing nothing', async () => {
    const met = fault('click', visitor('thrice'), 'ProvisionedThroughputExceededException', 3);
    const response = await visit(stack, code, { cookie: `rpl_vid=${visitor('thrice')}` });
    met();
    expectCleanUnavailable({ status: response.status, headers: response.headers, body: await response.json() });
    expect(await clicksOf('thrice')).toEqual([]);
  });
});

describe.concurrent('creates (one conditional PutItem each, recognised by its write token on a retry)', () => {
  const contentsAt = async (url: string) => (await api(stack, 'GET', '/v1/contents?limit=100')).body.items.filter((item: { url: string }) => item.url === url);

  it.each([
    ['ThrottlingException', 2, 201],
    ['timeout', 1, 201],
    ['timeout-after-apply', 1, 201],
    ['ProvisionedThroughputExceededException', 3, 503],
  ] as const)('a content through %s ×%i: %i, and one content or none', async (kind, times, status) => {
    const url = `https://shop.example.com/create-${kind}-${times}`;
    const met = fault('content', url, kind, times);
    const response = await api(stack, 'POST', '/v1/contents', { url });
    met();
    if (status === 503) expectCleanUnavailable(response);
    else expect(response.status).toBe(status);
    expect(await contentsAt(url)).toHaveLength(status === 201 ? 1 : 0);
  });

  it.each([
    ['ProvisionedThroughputExceededException', 2, 201],
    ['timeout-after-apply', 1, 201],
    ['ThrottlingException', 3, 503],
  ] as const)('a link through %s ×%i: %i, and one link or none (never a second code)', async (kind, times, status) => {
    const content = await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com/mint-${kind}-${times}` });
    const met = fault('link', content.body.id, kind, times);
    const response = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'ana' });
    met();
    if (status === 503) expectCleanUnavailable(response);
    else expect(response.status).toBe(status);
    const links = await api(stack, 'GET', `/v1/contents/${content.body.id}/links`);
    expect(links.body.items.map((link: { code: string }) => link.code)).toEqual(status === 201 ? [response.body.code] : []);
  });

  it.each([
    ['ThrottlingException', 2, 201],
    ['ProvisionedThroughputExceededException', 3, 503],
  ] as const)('a conversion through %s ×%i: %i, then the client’s retry is counted once', async (kind, times, status) => {
    const { code } = await contentWithLink(`conversion-${kind}`);
    const body = { externalId: `order-${kind}-${times}`, code, value: 12.5, currency: 'EUR' };
    const met = fault('conversion', body.externalId, kind, times);
    const first = await api(stack, 'POST', '/v1/conversions', body);
    met();
    if (status === 503) expectCleanUnavailable(first);
    else expect(first.status).toBe(status);

    const retried = await api(stack, 'POST', '/v1/conversions', body);
    expect(retried.status).toBe(status === 201 ? 200 : 201); // a replay of the stored one, or the first write
  });

  it.each([
    ['ProvisionedThroughputExceededException', 2, 201],
    ['ThrottlingException', 3, 503],
  ] as const)('a webhook subscription through %s ×%i: %i, and listed once or not at all', async (kind, times, status) => {
    const url = receiver.url(`/subscribe-${kind}-${times}`);
    const met = fault('webhook', url, kind, times);
    const response = await api(stack, 'POST', '/v1/webhooks', { url, events: ['content.threshold_crossed'] });
    met();
    if (status === 503) expectCleanUnavailable(response);
    else expect(response.status).toBe(status);
    const listed = (await api(stack, 'GET', '/v1/webhooks?limit=100')).body.items.filter((item: { url: string }) => item.url === url);
    expect(listed).toHaveLength(status === 201 ? 1 : 0);
  });
});

describe.concurrent("a visitor's re-share (rate limits, then the claim, then the child)", () => {
  const reshare = (code: string, who: string) =>
    fetch(`${stack.url}/v1/links/${code}/reshare`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `rpl_vid=${visitor(who)}` },
      body: '{"channel":"copy"}',
    }).then(asApiResponse);
  const childrenOf = async (code: string) => (await api(stack, 'GET', `/v1/links/${code}`)).body.reshares;

  it('is retried through two throttled claims, minting one child', async () => {
    const { code } = await contentWithLink('reshare-claim');
    const met = fault('visitorReshare', visitor('claimer'), 'ThrottlingException', 2);
    const response = await reshare(code, 'claimer');
    met();
    expect(response.status).toBe(201);
    expect(await childrenOf(code)).toBe(1);
  });

  it('answers a clean 503 when its rate-limit counter is throttled throughout, writing no claim or child', async () => {
    const { code } = await contentWithLink('reshare-rate');
    const met = front.inject({
      action: 'UpdateItem',
      bodyIncludes: `RATE#reshare-visitor#${visitor('limited')}`,
      fault: 'ProvisionedThroughputExceededException',
      times: 3,
    });
    expectCleanUnavailable(await reshare(code, 'limited'));
    expect(met()).toBe(3);
    expect(await childrenOf(code)).toBe(0);
    expect((await reshare(code, 'limited')).status).toBe(201);
    expect(await childrenOf(code)).toBe(1);
  });

  it('answers a clean 503 when the child is throttled throughout after its claim, and the next request finishes that child', async () => {
    const { code } = await contentWithLink('reshare-child');
    const met = fault('link', visitor('halfway'), 'ProvisionedThroughputExceededException', 3);
    expectCleanUnavailable(await reshare(code, 'halfway'));
    met();
    expect(await childrenOf(code)).toBe(0);

    const again = await reshare(code, 'halfway');

    expect(again.status).toBe(200); // the claim was the first request's: this one completes its child
    expect(await childrenOf(code)).toBe(1);
    expect((await reshare(code, 'halfway')).body.code).toBe(again.body.code);
  });
});

describe('the aggregation and the outbox', () => {
  it('retries a throttled head commit, and a run that exhausts its attempts is finished by the next run', async () => {
    const { contentId, code } = await contentWithLink('aggregation-throttled');
    for (const who of ['a1', 'a2', 'a3']) await visit(stack, code, { cookie: `rpl_vid=${visitor(who)}` });
    // Its own head only: the run commits other contents too, each of which could take a fault.
    const metOnce = fault('aggregateHead', contentId, 'ThrottlingException', 3);

    const failed = await aggregate();
    metOnce();
    const metTwice = fault('aggregateHead', contentId, 'ProvisionedThroughputExceededException', 2);
    const next = await aggregate().then((response) => response.json());
    metTwice();

    expect(failed.status).toBe(500);
    expect(next).toMatchObject({ status: 'done', complete: true, laggingContents: 0 });
    expect((await api(stack, 'GET', `/v1/contents/${contentId}/report`)).body).toMatchObject({ links: 1, clicks: 3, uniqueVisitors: 3 });
  });

  it('stores a threshold event once through a throttled enqueue, and delivers it once through a throttled claim', async () => {
    const { contentId, code } = await contentWithLink('outbox-throttled');
    const hook = await api(stack, 'POST', '/v1/webhooks', {
      url: receiver.url('/outbox'),
      events: ['content.threshold_crossed'],
      thresholds: [{ metric: 'links', gte: 2 }],
      contentId,
    });
    await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: code });
    const enqueued = fault('outboxEvent', contentId, 'ThrottlingException', 2);
    expect((await aggregate()).status).toBe(200);
    enqueued();

    const claimed = front.inject({ action: 'UpdateItem', bodyIncludes: 'nextAttemptAt = :until', fault: 'ProvisionedThroughputExceededException', times: 3 });
    const failedRound = await deliver();
    expect(claimed()).toBe(3);
    const round = await deliver().then((response) => response.json());

    expect(failedRound.status).toBe(500);
    expect(round).toMatchObject({ attempted: 1, delivered: 1 });
    const received = receiver.verified(hook.body.secret, '/outbox');
    expect(received).toHaveLength(1);
    expect(received[0]?.payload).toMatchObject({ data: { contentId, metric: 'links', threshold: 2 } });
  });
});
