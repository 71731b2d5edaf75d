import middy from '@middy/core';
import { type AggregationDeps, type AggregationResult, runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { type Config, loadConfig } from '../../shared/config.js';
import { z } from '../../shared/domain/zod.js';
import { parseInput } from '../../shared/http/input.js';
import { readFeedStep } from '../../shared/store/activity.js';
import { makeAggregateStore } from '../../shared/store/aggregates.js';
import { makeConversionStore } from '../../shared/store/conversions.js';
import { createDb, type Db } from '../../shared/store/db.js';
import { keys } from '../../shared/store/keys.js';
import { makeVisitorMarkStore } from '../../shared/store/visitor-marks.js';
import { logInfo } from '../../shared/log.js';

// Scheduled (EventBridge, or the local stack's timer) and on demand (npm run aggregate), which
// may pass `until` to aggregate exactly up to the moment it was asked.
const aggregateEvent = z.object({ until: z.optional(z.iso.datetime()) });

export function makeAggregateHandler(deps: AggregationDeps) {
  return middy<unknown, AggregationResult>().handler(async (event) => {
    const { until } = parseInput(aggregateEvent, event ?? {});
    const result = await runAggregation(deps, until ? { until: new Date(until) } : {});
    if (result.status === 'skipped' || result.events > 0) logInfo('aggregation', result);
    return result;
  });
}

/** The aggregation's dependencies over one table (also used by tests and benchmarks). */
export function aggregationDeps(db: Db, config: Pick<Config, 'RIPPLE_AGGREGATE_LAG_SECONDS' | 'RIPPLE_AGGREGATE_STEP_EVENTS'>): AggregationDeps {
  return {
    readFeedStep: (request) => readFeedStep(db, request),
    aggregates: makeAggregateStore(db),
    marks: makeVisitorMarkStore(db),
    markNames: keys.marks,
    conversions: makeConversionStore(db),
    clock: () => new Date(),
    settings: {
      lagMs: config.RIPPLE_AGGREGATE_LAG_SECONDS * 1000,
      maxEventsPerStep: config.RIPPLE_AGGREGATE_STEP_EVENTS,
      leaseMs: 5 * 60_000,
      visitorConcurrency: 64,
      contentConcurrency: 8,
    },
  };
}

const config = loadConfig();

export const handler = makeAggregateHandler(aggregationDeps(createDb(config), config));
