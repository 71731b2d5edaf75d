import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type AggregationDeps, type AggregationResult, runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { type Config, loadConfig } from '../../shared/config.js';
import * as z from '../../shared/domain/zod.js';
import { parseInput } from '../../shared/http/input.js';
import { readFeedStep } from '../../shared/store/activity.js';
import { makeAggregateStore } from '../../shared/store/aggregates.js';
import { makeThresholdDetector } from '../../shared/aggregation/threshold-detector.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { makeConversionStore } from '../../shared/store/conversions.js';
import { makeMaturityWatchStore } from '../../shared/store/maturity-watch.js';
import { makeOutboxStore } from '../../shared/store/outbox.js';
import { makeWebhookStore } from '../../shared/store/webhooks.js';
import { createDb, type Db } from '../../shared/store/db.js';
import { keys } from '../../shared/store/keys.js';
import { makeVisitorMarkStore } from '../../shared/store/visitor-marks.js';
import { logInfo } from '../../shared/log.js';
import { count, observed } from '../../shared/observability/powertools.js';

// Scheduled (EventBridge, or the local stack's timer) and on demand (npm run aggregate), which
// may pass `until` to aggregate exactly up to the moment it was asked, or `rebuild` to recompute one
// content from the start of the feed.
const aggregateEvent = z.object({
  until: z.optional(z.iso.datetime()),
  rebuild: z.optional(z.object({ workspaceId: z.string().check(z.minLength(1)), contentId: z.string().check(z.minLength(1)) })),
});

// Leave this much of the Lambda's time for the step in progress to finish and the lease to be released.
const STOP_BEFORE_TIMEOUT_MS = 30_000;

export function makeAggregateHandler(deps: AggregationDeps) {
  return middy<unknown, AggregationResult, Error, Context>()
    .use(observed<unknown, AggregationResult>())
    .handler(async (event, context) => {
    const { until, rebuild } = parseInput(aggregateEvent, event ?? {});
    const remainingMs = context?.getRemainingTimeInMillis?.();
    // The lease outlives this invocation even if it is killed at its timeout, so no second run starts
    // while it might still be writing; the deadline makes it stop starting steps well before that.
    const settings = remainingMs === undefined ? deps.settings : { ...deps.settings, leaseMs: Math.max(deps.settings.leaseMs, remainingMs + 60_000) };
    const result = await runAggregation(
      { ...deps, settings },
      {
        ...(until ? { until: new Date(until) } : {}),
        ...(rebuild ? { rebuild } : {}),
        ...(remainingMs === undefined ? {} : { deadlineMs: Date.now() + Math.max(remainingMs - STOP_BEFORE_TIMEOUT_MS, 5_000) }),
      },
    );
    if (result.status === 'skipped' || result.events > 0 || result.laggingContents > 0) logInfo('aggregation', result);
    if (result.status === 'skipped') count('AggregationSkipped');
    else {
      count('EventsAggregated', result.events);
      count('ContentsAggregated', result.contents);
      count('LaggingContents', result.laggingContents);
      count('SkippedEvents', result.skippedEvents);
    }
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
    thresholds: makeThresholdDetector({
      webhooks: makeWebhookStore(db),
      contents: makeContentStore(db),
      outbox: makeOutboxStore(db),
      watch: makeMaturityWatchStore(db),
    }),
    maturityWatch: makeMaturityWatchStore(db),
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
