import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregationDeps } from '../../functions/aggregate/deps.js';
import { ensureTable, type LocalDynamo } from '../../infra/local/dynamodb.js';
import { type AggregationDeps, runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { newSubscription, type Subscription } from '../../shared/domain/webhooks/subscription.js';
import { unavailable } from '../../shared/errors.js';
import { makeThresholdDetector } from '../../shared/aggregation/threshold-detector.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { makeOutboxStore } from '../../shared/store/outbox.js';
import type { Db } from '../../shared/store/db.js';
import { keys } from '../../shared/store/keys.js';
import { makeWebhookStore } from '../../shared/store/webhooks.js';
import { type SyntheticEvents, syntheticEvents, writeEvents } from '../support/synthetic-events.js';
import { startTestDynamo, testDb, testTableName } from '../support/test-dynamo.js';

// Issue 4: the aggregation emits `content.threshold_crossed` once per (subscription, content,
// metric, threshold) however often it runs, retries or runs concurrently. Each scenario runs on
// its own table with the same events and subscriptions, and must store exactly the events of one
// clean run — no more (a double) and no fewer (a crossing lost to a crash).
const WORKSPACE = 'ws_thresholds';
const CONTENTS = ['cnt_thresholdContent0000A', 'cnt_thresholdContent0000B'];

let dynamo: LocalDynamo;
let events: SyntheticEvents[];
let subscriptions: Subscription[];
let cleanEvents: string[];

async function freshTable(name: string): Promise<Db> {
  const table = testTableName(name);
  await ensureTable(dynamo.endpoint, table);
  const db = testDb(dynamo.endpoint, table);
  for (const contentEvents of events) await writeEvents(db, contentEvents);
  for (const subscription of subscriptions) await makeWebhookStore(db).insert(subscription);
  return db;
}

const depsFor = (db: Db, overrides: Partial<AggregationDeps> = {}, stepEvents = 60): AggregationDeps => {
  const deps = aggregationDeps(db, { RIPPLE_AGGREGATE_LAG_SECONDS: 0, RIPPLE_AGGREGATE_STEP_EVENTS: stepEvents });
  return { ...deps, ...overrides, settings: { ...deps.settings, visitorConcurrency: 8, contentConcurrency: 2 } };
};

/** Every stored threshold event: `<subscription> <contentId> <metric> <threshold>`, sorted. */
async function storedEvents(db: Db): Promise<string[]> {
  const found: string[] = [];
  for (const subscription of subscriptions) {
    const { pk } = keys.webhook(WORKSPACE, subscription.id);
    const { Items = [] } = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: { ':pk': pk, ':evt': 'EVT#' },
      }),
    );
    for (const item of Items) {
      const { data } = JSON.parse(String(item.payload)) as { data: { contentId: string; metric: string; threshold: number } };
      found.push(`${subscription.id} ${data.contentId} ${data.metric} ${data.threshold}`);
    }
  }
  return found.sort();
}

function crashOnCall<T extends object, K extends keyof T>(target: T, method: K, call: number): T {
  let calls = 0;
  return {
    ...target,
    [method]: async (...args: unknown[]) => {
      if (++calls === call) throw unavailable(new Error(`simulated crash in ${String(method)} #${call}`));
      return (target[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  };
}

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const startMs = Date.parse('2026-10-01T00:00:00.000Z');
  events = CONTENTS.map((contentId, index) =>
    syntheticEvents({ randomSeed: 31 + index, workspaceId: WORKSPACE, contentId, links: 40, clicks: 120, visitors: 40, startMs }),
  );
  const at = new Date(startMs);
  subscriptions = [
    // Crossed early in the feed, so later steps and runs see it crossed again and again.
    newSubscription(
      WORKSPACE,
      {
        url: 'https://hooks.example.com/a',
        events: ['content.threshold_crossed'],
        thresholds: [
          { metric: 'reshares', gte: 5 },
          { metric: 'clicks', gte: 30 },
        ],
      },
      at,
    ),
    newSubscription(
      WORKSPACE,
      {
        url: 'https://hooks.example.com/b',
        events: ['content.threshold_crossed'],
        thresholds: [
          { metric: 'links', gte: 20 },
          { metric: 'clicks', gte: 100_000 },
        ],
        contentId: CONTENTS[0],
      },
      at,
    ),
  ];
  const db = await freshTable('clean');
  await runAggregation(depsFor(db));
  cleanEvents = await storedEvents(db);
  // Both contents cross both thresholds of the first subscription; only the filtered content the
  // reachable one of the second.
  expect(cleanEvents).toHaveLength(5);
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

describe('threshold events against repeated, concurrent and crashed aggregation', () => {
  it('runs again and again (and a run delivered twice) store nothing more', async () => {
    const db = await freshTable('repeated');
    await runAggregation(depsFor(db));
    await runAggregation(depsFor(db));
    await runAggregation(depsFor(db, {}, 13));
    expect(await storedEvents(db)).toEqual(cleanEvents);
  });

  it('two runs at once with no lease between them store each crossing once', async () => {
    const db = await freshTable('concurrent');
    const control = { ...makeFeedControlStore(db), acquireLease: async () => true, releaseLease: async () => undefined };

    const outcomes = await Promise.all([runAggregation(depsFor(db, { control })), runAggregation(depsFor(db, { control }, 41))]);
    for (const outcome of outcomes) expect(['done', 'preempted']).toContain(outcome.status);
    await runAggregation(depsFor(db));

    expect(await storedEvents(db)).toEqual(cleanEvents);
  });

  it.each([
    ['after a first threshold event was stored, before the next', 'enqueue', 2],
    ['after the thresholds were checked, while committing the content', 'commit', 2],
  ] as const)('a crash %s: the rerun stores each crossing exactly once', async (_when, where, call) => {
    const db = await freshTable(`crash_${where}`);
    const deps = depsFor(db);
    const crashing =
      where === 'enqueue'
        ? {
            thresholds: makeThresholdDetector({ webhooks: makeWebhookStore(db), outbox: crashOnCall(makeOutboxStore(db), 'enqueue', call) }),
          }
        : { state: crashOnCall(makeContentStateStore(db), 'commit', call) };
    expect(deps.thresholds).toBeDefined();

    await expect(runAggregation(depsFor(db, crashing))).rejects.toMatchObject({ code: 'unavailable' });
    await runAggregation(depsFor(db, {}, 97));

    expect(await storedEvents(db)).toEqual(cleanEvents);
  });
});
