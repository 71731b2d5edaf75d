// node --import tsx bench/aggregate-end-to-end.ts — the aggregation end to end on the local stack (issue 3;
// `npm run bench:aggregate` is now the viral-scale figure of issue 8) — one content with BENCH_LINKS
// links and BENCH_CLICKS clicks (default 20,000 and 200,000), aggregated once from scratch; then 1 %
// more events and a second run, which should cost about 1 % as much (goal ≤ 10 % of the first).
// The I/O floor, measured in the same run: a bare Query of every feed item the first run read.
import { pathToFileURL } from 'node:url';
import './quiet-sdk.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { aggregationDeps } from '../functions/aggregate/deps.js';
import type { AggregationResult } from '../shared/aggregation/aggregation-deps.js';
import { runAggregation } from '../shared/aggregation/run-aggregation.js';
import { loadConfig } from '../shared/config.js';
import { createDb, type Db } from '../shared/store/db.js';
import { ACTIVITY_SHARDS, keys } from '../shared/store/keys.js';
import { INDEXES } from '../shared/store/table.js';
import { startLocalStack } from '../test/support/local-stack.js';
import { extendEvents, syntheticEvents, writeEvents } from '../test/support/synthetic-events.js';

export interface EndToEndFigures {
  links: number;
  clicks: number;
  loadSeconds: number;
  floorSeconds: number;
  floorItems: number;
  firstRunSeconds: number;
  firstRunEvents: number;
  secondRunSeconds: number;
  secondRunEvents: number;
}

const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

// A run that was skipped or preempted measured nothing: stop rather than print its time.
function eventsOf(result: AggregationResult): number {
  if (result.status !== 'done') throw new Error(`aggregation run ${result.status}: ${result.reason}`);
  return result.events;
}

// Every item of the activity feed, read as plainly as DynamoDB allows: the floor under any run.
async function queryWholeFeed(db: Db): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: ACTIVITY_SHARDS }, async (_, shard) => {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.doc.send(
          new QueryCommand({
            TableName: db.table,
            IndexName: INDEXES.byActivity.name,
            KeyConditionExpression: '#partition = :partition',
            ExpressionAttributeNames: { '#partition': INDEXES.byActivity.partition },
            ExpressionAttributeValues: { ':partition': keys.activityPartition(shard) },
            ExclusiveStartKey: startKey,
          }),
        );
        count += page.Items?.length ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export async function benchAggregationEndToEnd(options: { links: number; clicks: number }): Promise<EndToEndFigures> {
  const stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
  try {
    const info = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(`${stack.dataDir}/stack.json`, 'utf8')));
    const db = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: info.dynamodbEndpoint, RIPPLE_TABLE: info.table, RIPPLE_DYNAMODB_TIMEOUT_MS: '60000' }));
    const deps = aggregationDeps(db, { RIPPLE_AGGREGATE_LAG_SECONDS: 0, RIPPLE_AGGREGATE_STEP_EVENTS: 25_000 });
    const startMs = Date.now() - 30 * 86_400_000;
    const base = syntheticEvents({
      randomSeed: 7,
      workspaceId: 'ws_bench',
      contentId: 'cnt_benchContent000000001',
      links: options.links,
      clicks: options.clicks,
      visitors: Math.round(options.clicks / 2),
      conversions: 100,
      startMs,
    });

    let started = performance.now();
    await writeEvents(db, base, 16);
    const loadSeconds = seconds(started);

    started = performance.now();
    const floorItems = await queryWholeFeed(db);
    const floorSeconds = seconds(started);

    started = performance.now();
    const first = await runAggregation(deps);
    const firstRunSeconds = seconds(started);

    // New events happen after the first run (older ones are behind its watermark by design).
    const more = extendEvents(base, {
      randomSeed: 8,
      links: Math.round(base.links.length / 100),
      clicks: Math.round(options.clicks / 100),
      newVisitors: Math.round(options.clicks / 200),
      startMs: Date.now(),
      spreadMs: 1_000,
    });
    await writeEvents(db, more, 16);
    const lastEvent = Math.max(...[...more.links.map((link) => link.createdAt), ...more.clicks.map((click) => click.at)].map(Date.parse));
    started = performance.now();
    const second = await runAggregation(deps, { until: new Date(lastEvent + 1) });
    const secondRunSeconds = seconds(started);

    return {
      links: base.links.length,
      clicks: base.clicks.length,
      loadSeconds,
      floorSeconds,
      floorItems,
      firstRunSeconds,
      firstRunEvents: eventsOf(first),
      secondRunSeconds,
      secondRunEvents: eventsOf(second),
    };
  } finally {
    await stack.stop();
  }
}

export function printEndToEnd(figures: EndToEndFigures) {
  const ratio = figures.secondRunSeconds / figures.firstRunSeconds;
  console.log(`\nEnd to end on the local stack: ${figures.links} links, ${figures.clicks} clicks on one content`);
  console.log(`  loading the events (BatchWriteItem):         ${figures.loadSeconds.toFixed(1)} s`);
  console.log(`  I/O floor, bare Query of ${figures.floorItems} feed items: ${figures.floorSeconds.toFixed(2)} s`);
  console.log(
    `  first run (${figures.firstRunEvents} events):            ${figures.firstRunSeconds.toFixed(2)} s   first run / floor = ${(figures.firstRunSeconds / figures.floorSeconds).toFixed(1)}`,
  );
  console.log(
    `  second run after +1 % (${figures.secondRunEvents} events):  ${figures.secondRunSeconds.toFixed(2)} s   second / first = ${(ratio * 100).toFixed(1)} % (goal ≤ 10 %)`,
  );
  return ratio <= 0.1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchAggregationEndToEnd({
    links: Number(process.env.BENCH_LINKS ?? 20_000),
    clicks: Number(process.env.BENCH_CLICKS ?? 200_000),
  });
  if (!printEndToEnd(figures)) process.exitCode = 1;
}
