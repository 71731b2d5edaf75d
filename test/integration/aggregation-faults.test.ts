import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aggregationDeps } from '../../functions/aggregate/handler.js';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamodb.js';
import { type AggregationDeps, AggregationPreempted, runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { loadConfig } from '../../shared/config.js';
import { unavailable } from '../../shared/errors.js';
import type { ContentAggregate } from '../../shared/domain/aggregate/content-aggregate.js';
import { AggregateStateCorrupt, makeAggregateStore } from '../../shared/store/aggregates.js';
import { keys } from '../../shared/store/keys.js';
import { createDb, type Db } from '../../shared/store/db.js';
import { type SyntheticEvents, syntheticEvents, writeEvents } from '../support/synthetic-events.js';

// SPEC / issue 3: two runs at once, a retried run, or a crash in the middle of a run must all
// leave the same reports as one clean run. Every scenario aggregates the same events into its own
// table and is compared with a clean run, aggregate for aggregate.
const WORKSPACE = 'ws_faults';
const CONTENTS = ['cnt_faultsContent0000000A', 'cnt_faultsContent0000000B'];

let dynamo: LocalDynamo;
let events: SyntheticEvents[];
let clean: ContentAggregate[];

async function freshTable(name: string): Promise<Db> {
  await ensureTable(dynamo.endpoint, name);
  const db = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: dynamo.endpoint, RIPPLE_TABLE: name }));
  for (const contentEvents of events) await writeEvents(db, contentEvents);
  return db;
}

// Small steps, so that every run spans several steps and faults can land between them. A run
// that resumes after a fault uses another step size: in production new events shift the step
// boundaries between attempts, so a resumed step never lines up with the crashed one.
const depsFor = (db: Db, overrides: Partial<AggregationDeps> = {}, stepEvents = 60, visitorConcurrency = 8): AggregationDeps => {
  const deps = aggregationDeps(db, { RIPPLE_AGGREGATE_LAG_SECONDS: 0, RIPPLE_AGGREGATE_STEP_EVENTS: stepEvents });
  return { ...deps, ...overrides, settings: { ...deps.settings, visitorConcurrency, contentConcurrency: 2 } };
};

const aggregatesOf = (db: Db) =>
  Promise.all(CONTENTS.map(async (contentId) => (await makeAggregateStore(db).load(WORKSPACE, contentId)).aggregate));

/** Makes the `call`-th invocation (1-based) of `method` throw, as a crash at that point would. */
function crashOnCall<T extends object, K extends keyof T>(target: T, method: K, call: number): T {
  let calls = 0;
  return {
    ...target,
    [method]: async (...args: unknown[]) => {
      calls++;
      // A store fault: it ends the run, as a crash would (a plain bug would only set one content aside).
      if (calls === call) throw unavailable(new Error(`simulated crash in ${String(method)} #${call}`));
      return (target[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const startMs = Date.parse('2026-10-01T00:00:00.000Z');
  events = CONTENTS.map((contentId, index) =>
    syntheticEvents({ randomSeed: 11 + index, workspaceId: WORKSPACE, contentId, links: 40, clicks: 160, visitors: 50, conversions: 6, startMs }),
  );
  const db = await freshTable('clean');
  const result = await runAggregation(depsFor(db));
  expect(result).toMatchObject({ status: 'done' });
  expect(result.status === 'done' && result.steps).toBeGreaterThan(3);
  clean = await aggregatesOf(db);
  expect(clean[0]?.clicks).toBeGreaterThan(0);
  expect(clean[0]?.conversions).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

describe('the aggregation against faults', () => {
  it('two runs started at once: one holds the lease, the result is one clean run', async () => {
    const db = await freshTable('concurrent');

    const results = await Promise.all([runAggregation(depsFor(db)), runAggregation(depsFor(db))]);

    expect(results.map((result) => result.status).sort()).toEqual(['done', 'skipped']);
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('two runs at once after a lease expired mid-run: compare-and-set keeps one result, the next run completes', async () => {
    const db = await freshTable('leaseless');
    // A lease that always grants: as if each run's lease had expired and the other took over.
    const aggregates = { ...makeAggregateStore(db), acquireLease: async () => true, releaseLease: async () => undefined };

    const outcomes = await Promise.allSettled([
      runAggregation(depsFor(db, { aggregates })),
      runAggregation(depsFor(db, { aggregates })),
    ]);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(AggregationPreempted);
    }
    await runAggregation(depsFor(db, {}, 97));

    expect(await aggregatesOf(db)).toEqual(clean);
  });

  // (Retries after a failure are the crash cases below; this is a duplicate delivery of the run.)
  it('a run delivered twice (the same run again after it succeeded) changes nothing', async () => {
    const db = await freshTable('retried');
    await runAggregation(depsFor(db));

    const again = await runAggregation(depsFor(db));

    expect(again).toMatchObject({ status: 'done', events: 0 });
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it.each([
    ['while committing a content, after the visitor marks were set', 'commit', 3],
    ['after every content of a step committed, before the checkpoint moved', 'advanceFeedCheckpoint', 2],
  ] as const)('a crash %s: the next run finishes it as one clean run would', async (_when, method, call) => {
    const db = await freshTable(`crash_${method}`);
    const aggregates = crashOnCall(makeAggregateStore(db), method, call);

    await expect(runAggregation(depsFor(db, { aggregates }))).rejects.toMatchObject({ code: 'unavailable' });
    const resumed = await runAggregation(depsFor(db, {}, 97));

    expect(resumed).toMatchObject({ status: 'done' });
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('a crash while setting visitor marks, twenty visitors marked: the next run still counts each visitor once', async () => {
    const db = await freshTable('crash_marks');
    // One big step, one visitor at a time: the crash leaves exactly the first 19 visitors marked
    // by a run that never committed, whose clicks the next run must still count as their firsts.
    const marks = crashOnCall(depsFor(db).marks, 'mark', 20);

    await expect(runAggregation(depsFor(db, { marks }, 1_000, 1))).rejects.toMatchObject({ code: 'unavailable' });
    await runAggregation(depsFor(db, {}, 97));

    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('skips a malformed feed event with a log, and aggregates everything else as a clean run would', async () => {
    const db = await freshTable('malformed');
    // A click without its link, visitor or time, in the feed: it must not stall anyone.
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { pk: 'X#broken', sk: 'X', type: 'click', gsi3pk: 'ACTIVITY#3', gsi3sk: '2026-10-01T05:00:00.000Z#broken' } }));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const result = await runAggregation(depsFor(db));

    expect(result).toMatchObject({ status: 'done', skippedEvents: 1, laggingContents: 0, complete: true });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('sets a failing content aside while the feed moves on for the others, then catches it up', async () => {
    const db = await freshTable('isolated');
    const [broken = '', healthy = ''] = CONTENTS;
    const store = makeAggregateStore(db);
    let failures = 0;
    // A bug that only this content's data triggers, for a while.
    const aggregates = {
      ...store,
      commit: async (...args: Parameters<typeof store.commit>) => {
        if (args[1] === broken && failures < 3) {
          failures++;
          throw new TypeError('a bug this content triggers');
        }
        return store.commit(...args);
      },
    };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const first = await runAggregation(depsFor(db, { aggregates }));

    expect(first).toMatchObject({ status: 'done', laggingContents: 1 });
    expect(await store.isLagging(WORKSPACE, broken)).toBe(true);
    expect((await store.load(WORKSPACE, healthy)).aggregate).toEqual(clean[1]);
    const lastEvent = events.flatMap((content) => content.clicks.map((click) => click.at)).sort().at(-1) ?? '';
    expect((await store.feedCheckpoint()).through! >= lastEvent).toBe(true);

    for (let run = 0; run < 10 && (await store.isLagging(WORKSPACE, broken)); run++) await runAggregation(depsFor(db, { aggregates }));
    vi.restoreAllMocks();

    expect(await store.isLagging(WORKSPACE, broken)).toBe(false);
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('rebuilds a content whose state was lost, from the start of the feed, to what a clean run made', async () => {
    const db = await freshTable('rebuilt');
    await runAggregation(depsFor(db));
    const [lost = ''] = CONTENTS;
    const store = makeAggregateStore(db);
    const { head } = await store.load(WORKSPACE, lost);
    for (let index = 0; index < head.chunks; index++) {
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.aggregateChunk(WORKSPACE, lost, head.stateId ?? '', index) }));
    }
    await expect(store.load(WORKSPACE, lost)).rejects.toBeInstanceOf(AggregateStateCorrupt);

    await runAggregation(depsFor(db), { rebuild: { workspaceId: WORKSPACE, contentId: lost } });
    for (let run = 0; run < 10 && (await store.isLagging(WORKSPACE, lost)); run++) await runAggregation(depsFor(db));

    expect(await store.isLagging(WORKSPACE, lost)).toBe(false);
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('stops starting steps at its deadline, and the next run completes the work', async () => {
    const db = await freshTable('deadline');

    const partial = await runAggregation(depsFor(db), { deadlineMs: Date.now() - 1 });
    expect(partial).toMatchObject({ status: 'done', steps: 0, complete: false });
    await runAggregation(depsFor(db));

    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('finds new events through the feed only: no Scan, and no listing of contents', async () => {
    const db = await freshTable('no_scan');
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const send = db.doc.send.bind(db.doc);
    db.doc.send = ((command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return send(command as never);
    }) as typeof db.doc.send;

    await runAggregation(depsFor(db));

    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((call) => call.name === 'ScanCommand')).toEqual([]);
    const listings = sent.filter((call) => call.name === 'QueryCommand' && JSON.stringify(call.input).includes('#CONTENTS'));
    expect(listings).toEqual([]);
    expect(await aggregatesOf(db)).toEqual(clean);
  });
});
