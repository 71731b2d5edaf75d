import { describe, expect, it, vi } from 'vitest';
import { makeThresholdDetector } from '../../../shared/aggregation/threshold-detector.js';
import { applyEvents, type ContentAggregate, emptyAggregate } from '../../../shared/domain/aggregate/content-aggregate.js';
import { newSubscription, type Subscription, type Threshold } from '../../../shared/domain/webhooks/subscription.js';
import type { MaturityWatch } from '../../../shared/store/maturity-watch.js';
import { aLink, at, CONTENT, T0, WS } from '../aggregate/fixtures.js';
import { aContent } from '../domain/fixtures.js';
import { memoryOutbox, memoryWebhooks } from './fakes.js';

const DAY_S = 86_400;

// A seed link with `reshares` re-share links made from it, `secondsApart` apart.
function cascade(reshares: number, secondsApart = 60): ContentAggregate {
  const links = [aLink({ code: 'Seed000001' })];
  for (let index = 1; index <= reshares; index++) {
    links.push(aLink({ code: `Child${String(index).padStart(5, '0')}`, parent: 'Seed000001', rootCode: 'Seed000001', generation: 1, createdAt: at(index * secondsApart) }));
  }
  return applyEvents(emptyAggregate(), links.map((link) => ({ kind: 'link', link })));
}

function setup(subscriptions: Array<{ thresholds?: Threshold[]; campaign?: string; status?: Subscription['status'] }>, contentCampaign: string | null = 'launch') {
  const made = subscriptions.map((options) => ({
    ...newSubscription(WS, { url: 'https://hooks.example.com/x', events: ['content.threshold_crossed'], ...options }, new Date(T0)),
    ...(options.status ? { status: options.status } : {}),
  }));
  const outbox = memoryOutbox();
  const webhooks = memoryWebhooks(made);
  const watched: MaturityWatch[] = [];
  const contents = { get: vi.fn(async () => aContent({ id: CONTENT, workspaceId: WS, campaign: contentCampaign, kWindowSeconds: DAY_S })) };
  const detector = makeThresholdDetector({ webhooks, contents, outbox, watch: { watch: async (entry) => void watched.push(entry) } });
  const evaluate = (aggregate: ContentAggregate, eventsThroughMs: number) =>
    detector.evaluate({ workspaceId: WS, contentId: CONTENT, aggregate, eventsThrough: new Date(eventsThroughMs).toISOString(), now: new Date(eventsThroughMs + 1_000) });
  return { subscriptions: made, outbox, webhooks, watched, contents, detector, evaluate };
}

describe('threshold detector', () => {
  it('stores one event per crossing however often the same crossing is detected', async () => {
    const { outbox, evaluate, subscriptions } = setup([{ thresholds: [{ metric: 'reshares', gte: 3 }] }]);

    await evaluate(cascade(2), T0 + 600_000);
    expect(outbox.events.size).toBe(0);

    await evaluate(cascade(3), T0 + 600_000);
    await evaluate(cascade(3), T0 + 600_000);
    await evaluate(cascade(5), T0 + 900_000);

    expect(outbox.events.size).toBe(1);
    const [event] = outbox.events.values();
    expect(event).toMatchObject({ subscriptionId: subscriptions[0]!.id, type: 'content.threshold_crossed', status: 'pending', attempts: 0 });
    // The first detection's body is kept: the value when it crossed.
    expect(JSON.parse(event!.payload)).toMatchObject({ data: { contentId: CONTENT, campaign: 'launch', metric: 'reshares', threshold: 3, value: 3 } });
  });

  it('fires once per (subscription, threshold): two thresholds and two subscriptions make four events', async () => {
    const thresholds: Threshold[] = [
      { metric: 'reshares', gte: 2 },
      { metric: 'links', gte: 3 },
    ];
    const { outbox, evaluate } = setup([{ thresholds }, { thresholds }]);
    await evaluate(cascade(4), T0 + 600_000);
    await evaluate(cascade(4), T0 + 700_000);
    expect(outbox.events.size).toBe(4);
  });

  it('never re-fires after the value drops and rises again', async () => {
    const { outbox, evaluate } = setup([{ thresholds: [{ metric: 'reshares', gte: 3 }] }]);
    await evaluate(cascade(3), T0 + 600_000);
    await evaluate(cascade(1), T0 + 700_000);
    await evaluate(cascade(4), T0 + 800_000);
    expect(outbox.events.size).toBe(1);
  });

  it('ignores disabled subscriptions and those filtered to another campaign', async () => {
    const { outbox, evaluate } = setup([
      { thresholds: [{ metric: 'reshares', gte: 1 }], campaign: 'autumn' },
      { thresholds: [{ metric: 'reshares', gte: 1 }], status: 'disabled' },
    ]);
    await evaluate(cascade(3), T0 + 600_000);
    expect(outbox.events.size).toBe(0);
  });

  it('sees a subscription made since the previous run', async () => {
    const { outbox, webhooks, detector, evaluate } = setup([]);
    await evaluate(cascade(3), T0 + 600_000);
    await webhooks.insert(newSubscription(WS, { url: 'https://hooks.example.com/x', events: ['content.threshold_crossed'], thresholds: [{ metric: 'reshares', gte: 1 }] }, new Date(T0)));

    detector.startRun();
    await evaluate(cascade(4), T0 + 700_000);

    expect(outbox.events.size).toBe(1);
  });

  it('reads nothing else when the workspace has no subscription', async () => {
    const { contents, evaluate } = setup([]);
    await evaluate(cascade(3), T0 + 600_000);
    expect(contents.get).not.toHaveBeenCalled();
  });

  it('crosses the default K-factor threshold only once 10 re-share links are mature, and asks to look again when the next one matures', async () => {
    const { outbox, watched, evaluate } = setup([{}]);
    // 12 re-share links, one a minute after the seed; each is a leaf, so the seed's K is high but
    // the children's window is open: nothing is mature a minute after the last one.
    const aggregate = cascade(12);
    await evaluate(aggregate, T0 + 13 * 60_000);
    expect(outbox.events.size).toBe(0);
    expect(watched.at(-1)).toEqual({ workspaceId: WS, contentId: CONTENT, dueAt: new Date(T0 + 60_000 + DAY_S * 1000).toISOString() });
  });

  it('crosses the default K-factor threshold when the 10th re-share link matures with K = 1', async () => {
    // Ten re-sharers a minute apart, each re-shared once ~22 h later (inside the one-day window).
    const links = [aLink({ code: 'Seed000001' })];
    for (let index = 1; index <= 10; index++) {
      const child = aLink({ code: `Child${String(index).padStart(5, '0')}`, parent: 'Seed000001', rootCode: 'Seed000001', generation: 1, createdAt: at(index * 60) });
      links.push(child, aLink({ code: `Grand${String(index).padStart(5, '0')}`, parent: child.code, rootCode: 'Seed000001', generation: 2, createdAt: at(index * 60 + 80_000) }));
    }
    const aggregate = applyEvents(emptyAggregate(), links.map((link) => ({ kind: 'link' as const, link })));
    const { outbox, evaluate } = setup([{}]);

    await evaluate(aggregate, T0 + (599 + DAY_S) * 1000); // nine mature
    expect(outbox.events.size).toBe(0);
    await evaluate(aggregate, T0 + (600 + DAY_S) * 1000); // ten mature, K = 10 / 10
    expect([...outbox.events.values()].map((event) => JSON.parse(event.payload).data)).toEqual([
      expect.objectContaining({ metric: 'kFactor', threshold: 1, minMatureLinks: 10, value: 1 }),
    ]);
  });

  it('does not watch maturity for thresholds time cannot move', async () => {
    const { watched, evaluate } = setup([{ thresholds: [{ metric: 'clicks', gte: 10 }] }]);
    await evaluate(cascade(12), T0 + 13 * 60_000);
    expect(watched).toEqual([]);
  });
});
