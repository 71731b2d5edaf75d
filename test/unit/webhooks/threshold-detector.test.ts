import { describe, expect, it, vi } from 'vitest';
import { makeThresholdDetector } from '../../../shared/aggregation/threshold-detector.js';
import { applyEvents, contentWork, type StructureLink } from '../../../shared/domain/aggregate/content-aggregate.js';
import { emptySummary, settleSummary } from '../../../shared/domain/aggregate/content-summary.js';
import type { Link } from '../../../shared/domain/link.js';
import { contentReport } from '../../../shared/domain/report.js';
import { newSubscription, type Subscription, type Threshold } from '../../../shared/domain/webhooks/subscription.js';
import { aLink, at, CONTENT, T0, WS } from '../aggregation/fixtures.js';
import { aContent } from '../domain/fixtures.js';
import { memoryOutbox, memoryWebhooks } from './fakes.js';

const DAY_S = 86_400;

// A seed link with `reshares` re-share links made from it, `secondsApart` apart.
function cascade(reshares: number, secondsApart = 60): Link[] {
  const links = [aLink({ code: 'Seed000001' })];
  for (let index = 1; index <= reshares; index++) {
    links.push(
      aLink({
        code: `Child${String(index).padStart(5, '0')}`,
        parent: 'Seed000001',
        rootCode: 'Seed000001',
        generation: 1,
        createdAt: at(index * secondsApart),
      }),
    );
  }
  return links;
}

// The report a commit through `eventsThroughMs` stores, as the aggregation computes it for the detector.
function reportThrough(links: Link[], eventsThroughMs: number) {
  const work = applyEvents(
    contentWork(emptySummary(DAY_S * 1000), [] as StructureLink[]),
    links.map((link) => ({ kind: 'link', link })),
  );
  settleSummary(work, eventsThroughMs, new Map());
  const eventsThrough = new Date(eventsThroughMs).toISOString();
  return contentReport(work.links, work.summary, { computedAt: new Date(eventsThroughMs + 1_000).toISOString(), eventsThrough });
}

function setup(
  subscriptions: Array<{ thresholds?: Threshold[]; campaign?: string; status?: Subscription['status'] }>,
  contentCampaign: string | null = 'launch',
) {
  const made = subscriptions.map((options) => ({
    ...newSubscription(WS, { url: 'https://hooks.example.com/x', events: ['content.threshold_crossed'], ...options }, new Date(T0)),
    ...(options.status ? { status: options.status } : {}),
  }));
  const outbox = memoryOutbox();
  const webhooks = memoryWebhooks(made);
  const content = aContent({ id: CONTENT, workspaceId: WS, campaign: contentCampaign, kWindowSeconds: DAY_S });
  const detector = makeThresholdDetector({ webhooks, outbox });
  const evaluate = (links: Link[], eventsThroughMs: number) => {
    const { report, parts } = reportThrough(links, eventsThroughMs);
    return detector.evaluate({ workspaceId: WS, content, report, matureLinks: parts.cascade.matureLinks, now: new Date(eventsThroughMs + 1_000) });
  };
  return { subscriptions: made, outbox, webhooks, content, detector, evaluate };
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
    // The first detection's body is kept: the value when it crossed, for the content it was given.
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

  it('ignores disabled subscriptions and those filtered to another campaign than the content’s', async () => {
    const { outbox, evaluate } = setup([
      { thresholds: [{ metric: 'reshares', gte: 1 }], campaign: 'autumn' },
      { thresholds: [{ metric: 'reshares', gte: 1 }], status: 'disabled' },
    ]);
    await evaluate(cascade(3), T0 + 600_000);
    expect(outbox.events.size).toBe(0);
  });

  it('fires for a subscription filtered to the content’s campaign', async () => {
    const { outbox, evaluate } = setup([{ thresholds: [{ metric: 'reshares', gte: 1 }], campaign: 'launch' }]);
    await evaluate(cascade(3), T0 + 600_000);
    expect(outbox.events.size).toBe(1);
  });

  it('reads a workspace’s subscriptions once per run, and again after startRun, so it sees a subscription made since', async () => {
    const { outbox, webhooks, detector, evaluate } = setup([]);
    const active = vi.spyOn(webhooks, 'active');
    await evaluate(cascade(3), T0 + 600_000);
    await webhooks.insert(
      newSubscription(
        WS,
        { url: 'https://hooks.example.com/x', events: ['content.threshold_crossed'], thresholds: [{ metric: 'reshares', gte: 1 }] },
        new Date(T0),
      ),
    );

    await evaluate(cascade(3), T0 + 650_000);
    expect(active).toHaveBeenCalledTimes(1);
    expect(outbox.events.size).toBe(0);

    detector.startRun();
    await evaluate(cascade(4), T0 + 700_000);

    expect(active).toHaveBeenCalledTimes(2);
    expect(outbox.events.size).toBe(1);
  });

  it('does not cross the default K-factor threshold while fewer than 10 re-share links are mature', async () => {
    const { outbox, evaluate } = setup([{}]);
    // 12 re-share links, one a minute after the seed; each is a leaf, so the seed's K is high but
    // the children's window is open: nothing is mature a minute after the last one.
    await evaluate(cascade(12), T0 + 13 * 60_000);
    expect(outbox.events.size).toBe(0);
  });

  it('crosses the default K-factor threshold when the 10th re-share link matures with K = 1', async () => {
    // Ten re-sharers a minute apart, each re-shared once ~22 h later (inside the one-day window).
    const links = [aLink({ code: 'Seed000001' })];
    for (let index = 1; index <= 10; index++) {
      const child = aLink({
        code: `Child${String(index).padStart(5, '0')}`,
        parent: 'Seed000001',
        rootCode: 'Seed000001',
        generation: 1,
        createdAt: at(index * 60),
      });
      links.push(
        child,
        aLink({
          code: `Grand${String(index).padStart(5, '0')}`,
          parent: child.code,
          rootCode: 'Seed000001',
          generation: 2,
          createdAt: at(index * 60 + 80_000),
        }),
      );
    }
    const { outbox, evaluate } = setup([{}]);

    await evaluate(links, T0 + (599 + DAY_S) * 1000); // nine mature
    expect(outbox.events.size).toBe(0);
    await evaluate(links, T0 + (600 + DAY_S) * 1000); // ten mature, K = 10 / 10
    expect([...outbox.events.values()].map((event) => JSON.parse(event.payload).data)).toEqual([
      expect.objectContaining({ metric: 'kFactor', threshold: 1, minMatureLinks: 10, value: 1 }),
    ]);
  });

  it('judges minMatureLinks by the mature links it is given, not by the report alone', async () => {
    const { outbox, detector, content } = setup([{}]);
    const { report } = reportThrough(cascade(1), T0 + 600_000);

    await detector.evaluate({ workspaceId: WS, content, report: { ...report, kFactor: 2 }, matureLinks: 9, now: new Date(T0) });
    expect(outbox.events.size).toBe(0);
    await detector.evaluate({ workspaceId: WS, content, report: { ...report, kFactor: 2 }, matureLinks: 10, now: new Date(T0) });
    expect(outbox.events.size).toBe(1);
  });
});
