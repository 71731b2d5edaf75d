import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSubscription, type Subscription } from '../../../shared/domain/webhooks/subscription.js';
import type { OutboxEvent } from '../../../shared/store/outbox.js';
import { attemptDelivery, type DeliveryDeps, deliverDue } from '../../../shared/webhooks/deliver.js';
import type { DeliveryOutcome } from '../../../shared/webhooks/send-webhook.js';
import { memoryOutbox, memoryWebhooks } from './fakes.js';

const WORKSPACE = 'ws_deliver';
// Now, so that a receiver's freshness check (5 minutes) accepts the first attempt's timestamp.
const START = Math.floor(Date.now() / 1000) * 1000;

interface Sent {
  url: string;
  body: string;
  headers: Record<string, string>;
}

function setup(options: { answers?: Array<Partial<DeliveryOutcome>>; schedule?: number[]; disableAfter?: number; subscription?: Partial<Subscription> } = {}) {
  const subscription: Subscription = {
    ...newSubscription(WORKSPACE, { url: 'https://hooks.example.com/ripple', events: ['content.threshold_crossed'] }, new Date(START)),
    ...options.subscription,
  };
  const outbox = memoryOutbox();
  const webhooks = memoryWebhooks([subscription]);
  const sent: Sent[] = [];
  let now = START;
  const answers = [...(options.answers ?? [])];
  const deps: DeliveryDeps = {
    outbox,
    webhooks,
    send: async (request) => {
      sent.push(request);
      return { outcome: 'delivered', responseCode: 204, durationMs: 12, error: null, ...answers.shift() };
    },
    clock: () => new Date(now),
    random: () => 0.5, // no jitter: exact schedule
    settings: {
      retrySchedule: options.schedule ?? [5, 300, 1_800],
      disableAfterFailures: options.disableAfter ?? 20,
      claimMs: 60_000,
      batch: 10,
      concurrency: 4,
    },
  };
  const event = (eventId: string, payload = `{"type":"content.threshold_crossed","id":"${eventId}"}`): OutboxEvent => ({
    eventId,
    workspaceId: WORKSPACE,
    subscriptionId: subscription.id,
    type: 'content.threshold_crossed',
    payload,
    createdAt: new Date(now).toISOString(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: new Date(now).toISOString(),
    lastError: null,
  });
  return {
    subscription,
    outbox,
    webhooks,
    sent,
    deps,
    event,
    advance: (ms: number) => (now += ms),
    at: () => now,
  };
}

const failure = (code: number | null, error = code === null ? 'timeout' : `HTTP ${code}`): Partial<DeliveryOutcome> => ({
  outcome: 'failed',
  responseCode: code,
  error,
});

describe('attemptDelivery', () => {
  it('signs the exact stored body per Standard Webhooks, verifiable with the subscription secret', async () => {
    const { deps, outbox, sent, event, subscription } = setup();
    await outbox.enqueue(event('evt_signed'));

    const attempt = await attemptDelivery(deps, (await outbox.due(new Date(START), 10))[0]!);

    expect(attempt).toMatchObject({ outcome: 'delivered', attempt: 1, responseCode: 204, nextRetryAt: null });
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request!.url).toBe(subscription.url);
    expect(request!.body).toBe('{"type":"content.threshold_crossed","id":"evt_signed"}');
    expect(request!.headers['webhook-id']).toBe('evt_signed');
    expect(new Webhook(subscription.secret).verify(request!.body, request!.headers)).toEqual(JSON.parse(request!.body));
    expect(() => new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(request!.body, request!.headers)).toThrow();
    expect(outbox.events.get('evt_signed')).toMatchObject({ status: 'delivered', attempts: 1, nextAttemptAt: null });
  });

  it('retries a failed event on the schedule with the same webhook-id and body, re-signed each time', async () => {
    const { deps, outbox, sent, event, subscription, advance } = setup({ answers: [failure(500), failure(null), failure(503)] });
    await outbox.enqueue(event('evt_retry'));

    const waits: Array<number | null> = [];
    for (const delay of [0, 5_000, 300_000, 1_800_000]) {
      advance(delay);
      const [due] = await outbox.due(deps.clock(), 10);
      const attempt = await attemptDelivery(deps, due!);
      waits.push(attempt!.nextRetryAt === null ? null : Date.parse(attempt!.nextRetryAt) - Date.parse(attempt!.attemptedAt));
    }

    expect(waits).toEqual([5_000, 300_000, 1_800_000, null]);
    expect(new Set(sent.map((request) => request.headers['webhook-id']))).toEqual(new Set(['evt_retry']));
    expect(new Set(sent.map((request) => request.body)).size).toBe(1);
    expect(new Set(sent.map((request) => request.headers['webhook-timestamp'])).size).toBe(4);
    // Each attempt's signature covers its own timestamp (the receiver checks freshness per attempt).
    for (const request of sent) {
      const signedAt = new Date(Number(request.headers['webhook-timestamp']) * 1000);
      expect(request.headers['webhook-signature']).toBe(new Webhook(subscription.secret).sign('evt_retry', signedAt, request.body));
    }
    expect(outbox.log.map((attempt) => [attempt.attempt, attempt.outcome, attempt.responseCode])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', null],
      [3, 'failed', 503],
      [4, 'delivered', 204],
    ]);
    expect(outbox.events.get('evt_retry')).toMatchObject({ status: 'delivered', attempts: 4 });
  });

  it('is not due again before its retry time', async () => {
    const { deps, outbox, event, advance } = setup({ answers: [failure(500)] });
    await outbox.enqueue(event('evt_wait'));
    await attemptDelivery(deps, (await outbox.due(deps.clock(), 10))[0]!);

    advance(4_999);
    expect(await outbox.due(deps.clock(), 10)).toEqual([]);
    advance(1);
    expect(await outbox.due(deps.clock(), 10)).toHaveLength(1);
  });

  it('gives up after the last retry of the schedule, marking the event failed', async () => {
    const { deps, outbox, sent, event, advance } = setup({ schedule: [1, 1], answers: [failure(500), failure(500), failure(500), failure(500)] });
    await outbox.enqueue(event('evt_exhaust'));
    for (let round = 0; round < 5; round++) {
      advance(2_000);
      for (const due of await outbox.due(deps.clock(), 10)) await attemptDelivery(deps, due);
    }
    expect(sent).toHaveLength(3);
    expect(outbox.events.get('evt_exhaust')).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, lastError: 'HTTP 500' });
  });

  it('disables the subscription on 410 Gone and does not retry', async () => {
    const { deps, outbox, webhooks, sent, event, subscription, advance } = setup({ answers: [{ outcome: 'gone', responseCode: 410 }] });
    await outbox.enqueue(event('evt_gone'));
    await outbox.enqueue(event('evt_after_gone'));

    await attemptDelivery(deps, (await outbox.due(deps.clock(), 1))[0]!);
    advance(10_000);
    await deliverDue(deps);

    expect(sent).toHaveLength(1);
    expect(webhooks.all.get(subscription.id)).toMatchObject({ status: 'disabled', disabledReason: 'the endpoint answered 410 Gone' });
    expect(outbox.log[0]).toMatchObject({ outcome: 'gone', responseCode: 410, nextRetryAt: null });
    // The other event is settled as failed without a request, naming why.
    expect(outbox.log[1]).toMatchObject({ outcome: 'failed', responseCode: null, error: expect.stringContaining('subscription disabled') });
    expect([...outbox.events.values()].map((event) => event.status)).toEqual(['failed', 'failed']);
  });

  it('disables the subscription after 20 consecutive failed attempts, visibly', async () => {
    const schedule = Array.from({ length: 30 }, () => 1);
    const { deps, outbox, webhooks, sent, event, subscription, advance } = setup({ schedule, answers: Array.from({ length: 40 }, () => failure(500)) });
    await outbox.enqueue(event('evt_many'));
    for (let round = 0; round < 30; round++) {
      advance(2_000);
      await deliverDue(deps);
    }
    expect(sent).toHaveLength(20);
    expect(webhooks.all.get(subscription.id)).toMatchObject({ status: 'disabled', disabledReason: '20 deliveries failed in a row' });
    expect(outbox.events.get('evt_many')!.status).toBe('failed');
  });

  it('counts failures in a row only: a success resets the count', async () => {
    const nineteenFailures = () => Array.from({ length: 19 }, () => failure(500));
    const answers = [...nineteenFailures(), {}, ...nineteenFailures(), {}];
    const { deps, outbox, webhooks, sent, event, subscription, advance } = setup({ schedule: Array.from({ length: 40 }, () => 1), answers });
    await outbox.enqueue(event('evt_first'));
    for (let round = 0; round < 25; round++) {
      advance(2_000);
      await deliverDue(deps);
    }
    await outbox.enqueue(event('evt_second'));
    for (let round = 0; round < 25; round++) {
      advance(2_000);
      await deliverDue(deps);
    }
    // Without the reset, the first failure of the second event would have been the 20th in all.
    expect(sent).toHaveLength(20 + 20);
    expect(webhooks.all.get(subscription.id)!.status).toBe('active');
    expect(outbox.events.get('evt_second')!.status).toBe('delivered');
  });

  it('sends nothing for a deleted subscription and settles its events', async () => {
    const { deps, outbox, webhooks, sent, event, subscription } = setup();
    await outbox.enqueue(event('evt_orphan'));
    await webhooks.remove(WORKSPACE, subscription.id);

    await deliverDue(deps);

    expect(sent).toEqual([]);
    expect(outbox.events.get('evt_orphan')).toMatchObject({ status: 'failed', lastError: 'subscription deleted' });
  });

  it('leaves an event another deliverer claimed alone', async () => {
    const { deps, outbox, sent, event } = setup();
    await outbox.enqueue(event('evt_claimed'));
    const [due] = await outbox.due(deps.clock(), 10);
    await outbox.claim(due!, new Date(deps.clock().getTime() + 60_000));

    expect(await attemptDelivery(deps, due!)).toBeNull();
    expect(sent).toEqual([]);
  });

  it('makes a crashed attempt due again once its claim lapses, as the same event', async () => {
    const { deps, outbox, sent, event, advance } = setup();
    await outbox.enqueue(event('evt_crash'));
    const crashing: DeliveryDeps = {
      ...deps,
      send: async () => {
        throw new Error('the deliverer died mid-request');
      },
    };
    await expect(attemptDelivery(crashing, (await outbox.due(deps.clock(), 10))[0]!)).rejects.toThrow('died');
    expect(await outbox.due(deps.clock(), 10)).toEqual([]);

    advance(60_000);
    const round = await deliverDue(deps);
    expect(round).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect(sent.map((request) => request.headers['webhook-id'])).toEqual(['evt_crash']);
  });
});

describe('deliverDue', () => {
  it('delivers every due event across batches, each exactly once, when two deliverers overlap', async () => {
    const { deps, outbox, sent, event } = setup();
    for (let index = 0; index < 35; index++) await outbox.enqueue(event(`evt_${String(index).padStart(2, '0')}`));

    const rounds = await Promise.all([deliverDue(deps), deliverDue(deps)]);

    expect(rounds[0]!.attempted + rounds[1]!.attempted).toBe(35);
    expect(sent).toHaveLength(35);
    expect(new Set(sent.map((request) => request.headers['webhook-id'])).size).toBe(35);
    expect([...outbox.events.values()].every((stored) => stored.status === 'delivered')).toBe(true);
  });

  it('stops starting attempts at its deadline', async () => {
    const { deps, outbox, sent, event } = setup();
    await outbox.enqueue(event('evt_late'));
    expect(await deliverDue(deps, { deadlineMs: Date.now() - 1 })).toEqual({ attempted: 0, delivered: 0, failed: 0 });
    expect(sent).toEqual([]);
  });
});
