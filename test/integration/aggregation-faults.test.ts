import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aggregationDeps } from '../../functions/aggregate/deps.js';
import { ensureTable, type LocalDynamo } from '../../infra/local/dynamodb.js';
import { type AggregationDeps, runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { unavailable } from '../../shared/errors.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { keys } from '../../shared/store/keys.js';
import type { Db } from '../../shared/store/db.js';
import { type SyntheticEvents, syntheticEvents, writeEvents } from '../support/synthetic-events.js';
import { startTestDynamo, testDb, testTableName } from '../support/test-dynamo.js';

// Two runs at once, a retried run, or a crash in the middle of a run must all leave the same
// aggregates as one clean run: the same stored report and summary, structure, every link tally and
// every series hour. Every scenario aggregates the same events into its own table and is compared
// with a clean run, content for content.
const WORKSPACE = 'ws_faults';
const CONTENTS = ['cnt_faultsContent0000000A', 'cnt_faultsContent0000000B'];

let dynamo: LocalDynamo;
let events: SyntheticEvents[];
let clean: Awaited<ReturnType<typeof aggregatesOf>>;

async function freshTable(name: string): Promise<Db> {
  const table = testTableName(name);
  await ensureTable(dynamo.endpoint, table);
  const db = testDb(dynamo.endpoint, table);
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

// Everything a reader can see of each content, less the times that depend on when a run ran.
const aggregatesOf = (db: Db) =>
  Promise.all(
    CONTENTS.map(async (contentId) => {
      const store = makeContentStateStore(db);
      const head = await store.readHead(WORKSPACE, contentId);
      const [structure, tallies, series] = await Promise.all([
        store.readStructure(WORKSPACE, contentId, head),
        store.readAllTallies(WORKSPACE, contentId, head),
        store.readSeries(WORKSPACE, contentId, head, '0000', '9999'),
      ]);
      const { computedAt: _computed, eventsThrough: _through, ...report } = head.report ?? {};
      const summary = head.summary && { ...head.summary, mature: { ...head.summary.mature, throughMs: null } };
      return {
        report,
        summary,
        links: structure.ok ? structure.value.links : 'stale',
        tallies: tallies.ok ? Object.fromEntries([...tallies.value].sort()) : 'stale',
        series: series.ok ? Object.fromEntries([...series.value].sort()) : 'stale',
      };
    }),
  );

const ARRIVALS = ['whatsapp', 'copy', 'direct', 'qr', 'other'] as const;

// Clicks through several arrival channels, and re-share links made by visitors who clicked the
// content — some of them before their first click, which must then count for no arrival.
function withArrivals(synthetic: SyntheticEvents): SyntheticEvents {
  const clicks = synthetic.clicks.map((click, index) => ({ ...click, arrival: ARRIVALS[index % ARRIVALS.length] }));
  const humans = clicks.filter((click) => !click.bot);
  const links = synthetic.links.map((link, index) =>
    link.generation === 0 ? link : { ...link, creatorVisitorId: humans[(index * 7) % humans.length]?.visitorId ?? null },
  );
  return { ...synthetic, clicks, links };
}

/** A lease that always grants: as if each run's lease had expired and another run took over. */
const leaseless = (db: Db) => ({ ...makeFeedControlStore(db), acquireLease: async () => true, releaseLease: async () => undefined });

/** The table seen through a client that runs `before` ahead of each command it sends. */
function intercepted(db: Db, before: (command: { constructor: { name: string }; input: Record<string, unknown> }) => Promise<void>): Db {
  const send = db.doc.send.bind(db.doc);
  const doc = {
    send: async (command: never) => {
      await before(command);
      return send(command);
    },
  };
  return { ...db, doc: doc as unknown as Db['doc'] };
}
const itemType = (command: { input: Record<string, unknown> }) => (command.input.Item as Record<string, unknown> | undefined)?.type;

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
  dynamo = await startTestDynamo();
  const startMs = Date.parse('2026-10-01T00:00:00.000Z');
  events = CONTENTS.map((contentId, index) =>
    withArrivals(syntheticEvents({ randomSeed: 11 + index, workspaceId: WORKSPACE, contentId, links: 40, clicks: 160, visitors: 50, conversions: 6, startMs })),
  );
  const db = await freshTable('clean');
  const result = await runAggregation(depsFor(db));
  expect(result).toMatchObject({ status: 'done' });
  expect(result.status === 'done' && result.steps).toBeGreaterThan(3);
  clean = await aggregatesOf(db);
  expect(clean[0]?.summary?.clicks).toBeGreaterThan(0);
  expect(Object.keys(clean[0]?.summary?.arrivalVisitors ?? {}).length).toBeGreaterThan(2);
  expect(Object.values(clean[0]?.summary?.arrivalReshares ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(clean[0]?.summary?.conversions).toBeGreaterThan(0);
  expect(Object.keys(clean[0]?.tallies ?? {}).length).toBeGreaterThan(10);
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

    const outcomes = await Promise.all([runAggregation(depsFor(db, { control: leaseless(db) })), runAggregation(depsFor(db, { control: leaseless(db) }))]);
    for (const outcome of outcomes) expect(['done', 'preempted']).toContain(outcome.status);
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

  it('a run whose parts are written but whose head loses to another run: its parts are never read', async () => {
    const db = await freshTable('loser');
    let overtaken = false;
    // Just before run A moves its first head, run B (another step size) commits everything.
    const slow = intercepted(db, async (command) => {
      if (overtaken || itemType(command) !== 'aggregateHead') return;
      overtaken = true;
      expect(await runAggregation(depsFor(db, { control: leaseless(db) }, 97))).toMatchObject({ status: 'done' });
    });

    expect(await runAggregation(depsFor(slow, { control: leaseless(db) }))).toMatchObject({ status: 'preempted' });
    await runAggregation(depsFor(db, {}, 53));

    expect(overtaken).toBe(true);
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it.each([1, 5, 40])('a crash after %i part writes of a commit, before its head: the next run finishes as one clean run would', async (writes) => {
    const db = await freshTable(`crash_parts_${writes}`);
    let parts = 0;
    const crashing = intercepted(db, async (command) => {
      const type = itemType(command);
      if (type === 'linkTally' || type === 'structureChunk' || type === 'seriesDay') {
        if (++parts > writes) throw unavailable(new Error('simulated crash while writing parts'));
      }
    });

    expect(await runAggregation(depsFor(crashing)).catch((error: unknown) => error)).toMatchObject({ code: 'unavailable' });
    expect(await runAggregation(depsFor(db, {}, 97))).toMatchObject({ status: 'done' });

    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it.each([
    ['while committing a content, after the visitor marks were set', 'state', 'commit', 3],
    ['after every content of a step committed, before the checkpoint moved', 'control', 'advanceFeedCheckpoint', 2],
  ] as const)('a crash %s: the next run finishes it as one clean run would', async (_when, port, method, call) => {
    const db = await freshTable(`crash_${method}`);
    const overrides =
      port === 'state'
        ? { state: crashOnCall(makeContentStateStore(db), method as 'commit', call) }
        : { control: crashOnCall(makeFeedControlStore(db), method as 'advanceFeedCheckpoint', call) };

    await expect(runAggregation(depsFor(db, overrides))).rejects.toMatchObject({ code: 'unavailable' });
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
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { pk: 'X#broken', sk: 'X', type: 'click', gsi3pk: 'ACTIVITY#3', gsi3sk: '2026-10-01T05:00:00.000Z#broken' },
      }),
    );
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
    const store = makeContentStateStore(db);
    const control = makeFeedControlStore(db);
    let failures = 0;
    // A bug that only this content's data triggers, for a while.
    const state = {
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

    const first = await runAggregation(depsFor(db, { state }));

    expect(first).toMatchObject({ status: 'done', laggingContents: 1 });
    expect(await control.isLagging(WORKSPACE, broken)).toBe(true);
    expect((await aggregatesOf(db))[1]).toEqual(clean[1]);
    expect(healthy).toBe(CONTENTS[1]);
    const lastEvent =
      events
        .flatMap((content) => content.clicks.map((click) => click.at))
        .sort()
        .at(-1) ?? '';
    expect((await control.feedCheckpoint()).through! >= lastEvent).toBe(true);

    for (let run = 0; run < 10 && (await control.isLagging(WORKSPACE, broken)); run++) await runAggregation(depsFor(db, { state }));
    vi.restoreAllMocks();

    expect(await control.isLagging(WORKSPACE, broken)).toBe(false);
    expect(await aggregatesOf(db)).toEqual(clean);
  });

  it('rebuilds a content whose structure was lost, from the start of the feed, to what a clean run made', async () => {
    const db = await freshTable('rebuilt');
    await runAggregation(depsFor(db));
    const [lost = ''] = CONTENTS;
    const store = makeContentStateStore(db);
    const control = makeFeedControlStore(db);
    const head = await store.readHead(WORKSPACE, lost);
    await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.structureChunk(WORKSPACE, lost, head.epoch, 0) }));
    expect(await makeContentStateStore(db).readStructure(WORKSPACE, lost, head)).toEqual({ ok: false, reason: 'stale' });

    await runAggregation(depsFor(db), { rebuild: { workspaceId: WORKSPACE, contentId: lost } });
    for (let run = 0; run < 10 && (await control.isLagging(WORKSPACE, lost)); run++) await runAggregation(depsFor(db));

    expect(await control.isLagging(WORKSPACE, lost)).toBe(false);
    expect((await store.readHead(WORKSPACE, lost)).epoch).toBe(head.epoch + 1);
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
