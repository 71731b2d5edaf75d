import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { keys } from '../../shared/store/keys.js';
import { type AggregateCommand, aggregateCommand, startAggregateCommand } from '../support/aggregate-command.js';
import { mulberry32 } from '../support/galton-watson.js';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { type StoreFront, startStoreFront } from '../support/store-front.js';
import { syntheticEvents, writeEvents } from '../support/synthetic-events.js';
import { openDataFolderStore } from '../support/test-dynamo.js';

// Issue 12, crashes: the local stack SIGKILLed while `npm run aggregate` is running it, restarted on
// the same data folder, then aggregated to the end. Each kill lands at a seeded point of a run, not
// after a delay (a fast machine finishes the work first): the functions reach the store through a
// front that stops answering at a seeded write made only while a run holds the lease, and the stack
// is killed there. The first kill comes at the end of a step (its marks written, the checkpoint
// not), after one or two steps were saved; later ones (npm run test:crash) alternate with kills in
// the middle of a step's marks. Its reports must equal those of a clean run over the very same events (a
// copy of the data folder's store taken before any aggregation), and a further run must change nothing.
// One by default; npm run test:crash makes more (RIPPLE_CRASH_KILLS).
const KILLS = Number(process.env.RIPPLE_CRASH_KILLS ?? 1);
const CONTENTS = ['cnt_crashAggregationA0001', 'cnt_crashAggregationB0001'];
// Short runs of small steps, so that the command runs the stack many times and a kill lands mid-run.
const QUIET = { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DELIVERY_INTERVAL_SECONDS: '0' };
const SLICED = { ...QUIET, RIPPLE_AGGREGATE_STEP_EVENTS: '50', RIPPLE_LOCAL_AGGREGATE_TIMEOUT_SECONDS: '3' };
const random = mulberry32(1212);
// Writes a run makes under its lease (shared/store/feed-control.ts, visitor-marks.ts).
const CHECKPOINT_WRITE = { action: 'PutItem', bodyIncludes: '"type":{"S":"feedCheckpoint"}' };
const MARKS_WRITE = { action: 'UpdateItem', bodyIncludes: '"MARKS#' };
/** Where kill `kill` lands: how many of which writes the stack makes after its restart, then stalls. */
const killPoint = (kill: number) =>
  kill % 2 === 0 ? { ...CHECKPOINT_WRITE, after: 1 + Math.floor(random() * 2) } : { ...MARKS_WRITE, after: Math.floor(random() * 30) };

let crashedDir: string;
let cleanDir: string;
let stack: LocalStack | undefined;
let front: StoreFront;

/** Everything a reader sees of each content, less the times that say when a run ran. */
async function readings(running: LocalStack) {
  const withoutTimes = ({ computedAt: _c, eventsThrough: _e, ...rest }: Record<string, unknown>) => rest;
  return Promise.all(
    CONTENTS.map(async (id) => ({
      report: withoutTimes((await api(running, 'GET', `/v1/contents/${id}/report`)).body),
      reportAllK: withoutTimes((await api(running, 'GET', `/v1/contents/${id}/report?kWindow=all`)).body),
      cascade: (await api(running, 'GET', `/v1/contents/${id}/cascade?limit=5000`)).body.nodes,
      series: withoutTimes((await api(running, 'GET', `/v1/contents/${id}/series?from=2026-09-30&to=2026-10-04&interval=hour`)).body),
    })),
  );
}

const headVersions = (running: LocalStack) =>
  Promise.all(CONTENTS.map(async (id) => (await makeContentStateStore(running.db()).readHead(LOCAL_WORKSPACE_ID, id)).version));

/** The lease and checkpoint a killed stack left in its data folder, read with the stack down. */
async function leftBehind(dataDir: string) {
  const store = await openDataFolderStore(dataDir);
  try {
    const read = async (key: { pk: string; sk: string }) =>
      (await store.db.doc.send(new GetCommand({ TableName: store.db.table, Key: key, ConsistentRead: true }))).Item;
    return { lease: await read(keys.aggregationLease), checkpoint: (await read(keys.feedCheckpoint))?.position as string | undefined };
  } finally {
    await store.close();
  }
}

/** Every item of one data folder's store put into another's: the same events, byte for byte. */
async function copyStore(fromDir: string, toDir: string) {
  const [from, to] = await Promise.all([openDataFolderStore(fromDir), openDataFolderStore(toDir)]);
  try {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await from.db.doc.send(new ScanCommand({ TableName: from.db.table, ExclusiveStartKey: startKey, ConsistentRead: true }));
      for (const item of page.Items ?? []) await to.db.doc.send(new PutCommand({ TableName: to.db.table, Item: item }));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}

beforeAll(async () => {
  crashedDir = mkdtempSync(join(tmpdir(), 'ripple-crash-agg-'));
  const store = await openDataFolderStore(crashedDir);
  try {
    const startMs = Date.parse('2026-10-01T00:00:00.000Z');
    for (const [index, contentId] of CONTENTS.entries()) {
      // Enough for several steps of 50 events per kill: each kill comes within three steps of a restart.
      const size = KILLS + 1;
      const events = syntheticEvents({
        randomSeed: 120 + index,
        workspaceId: LOCAL_WORKSPACE_ID,
        contentId,
        links: 12 * size,
        clicks: 60 * size,
        visitors: 15 * size,
        conversions: 3,
        startMs,
      });
      await writeEvents(store.db, events);
    }
  } finally {
    await store.close();
  }
  // The same events for the clean run, copied before any aggregation (a folder of its own, or on
  // the shared DynamoDB of npm run test:dynamodb-local a table of its own).
  cleanDir = mkdtempSync(join(tmpdir(), 'ripple-clean-agg-'));
  await copyStore(crashedDir, cleanDir);
});

afterAll(async () => {
  await stack?.stop();
  await front?.close();
});

/** Resolves once the front has stalled at the seeded call (`stalls()` is 1); fails if the command ends first. */
async function stalled(stalls: () => number, command: AggregateCommand) {
  let ended = false;
  void command.done.then(() => (ended = true));
  while (stalls() < 1) {
    if (ended) throw new Error(`npm run aggregate ended before the seeded write:\n${(await command.done).stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it(`aggregates to the clean run's reports through ${KILLS} SIGKILL${KILLS === 1 ? '' : 's'} mid-run, and a further run changes nothing`, {
  timeout: 90_000 + KILLS * 30_000,
}, async () => {
  // The clean run: the same events, aggregated in one go by a stack nobody kills.
  const clean = await startLocalStack({ dataDir: cleanDir, env: QUIET });
  expect((await aggregateCommand(cleanDir)).code).toBe(0);
  const expected = await readings(clean);
  await clean.stop();
  // A cascade with re-shares, clicks and a K, for the crashed runs to get right.
  expect(expected[0]?.report).toMatchObject({ reshares: expect.any(Number), clicks: expect.any(Number), kFactor: expect.any(Number) });
  expect(expected[0]?.report.reshares).toBeGreaterThan(3);

  const kills: Array<{ at: string; leaseHeld: boolean; checkpoint: string }> = [];
  for (let kill = 0; kill < KILLS; kill++) {
    front = await startStoreFront();
    stack = await startLocalStack({ dataDir: crashedDir, env: SLICED, storeFront: front });
    const running: LocalStack = stack;
    const point = killPoint(kill);
    const stalls = front.inject({ ...point, fault: 'stall', times: 1 });
    const command = startAggregateCommand(crashedDir);
    await stalled(stalls, command);
    await running.stop('SIGKILL');
    await front.close();

    const ended = await command.done;
    expect(ended.code).toBe(1);
    expect(ended.stderr).toContain('The local stack stopped while aggregating');
    const left = await leftBehind(crashedDir);
    kills.push({ at: `${point.action} ${point.after + 1}`, leaseHeld: left.lease !== undefined, checkpoint: left.checkpoint ?? '' });
  }
  // Each restart went on from where the last one stopped.
  expect(kills.map((kill) => kill.checkpoint)).toEqual(kills.map((kill) => kill.checkpoint).sort());
  expect(kills[0]?.checkpoint).not.toBe('');
  // Every kill came in the middle of a run: it left the lease behind.
  expect(kills.every((kill) => kill.leaseHeld)).toBe(true);

  // Restarted once more and left to finish, in short runs still: the last of them must also
  // refresh every content whose re-share links matured, or a further run would change them.
  stack = await startLocalStack({ dataDir: crashedDir, env: SLICED });
  const finished = await aggregateCommand(crashedDir);
  expect(finished.code, finished.stderr).toBe(0);
  expect(await readings(stack)).toEqual(expected);

  const versions = await headVersions(stack);
  expect((await aggregateCommand(crashedDir)).code).toBe(0);
  expect(await headVersions(stack)).toEqual(versions);
  expect(await readings(stack)).toEqual(expected);
  console.log(`crash-aggregation: ${JSON.stringify(kills)}`);
});
