import type { AggregationDeps } from '../../shared/aggregation/aggregation-deps.js';
import { makeThresholdDetector } from '../../shared/aggregation/threshold-detector.js';
import type { Config } from '../../shared/config.js';
import { readFeedStep } from '../../shared/store/activity.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { makeSealedChunkCache, sealedLinksFor } from '../../shared/store/sealed-chunk-cache.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { makeConversionStore } from '../../shared/store/conversions.js';
import type { Db } from '../../shared/store/db.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { keys } from '../../shared/store/keys.js';
import { makeMaturityWatchStore } from '../../shared/store/maturity-watch.js';
import { makeOutboxStore } from '../../shared/store/outbox.js';
import { makeVisitorMarkStore } from '../../shared/store/visitor-marks.js';
import { makeWebhookStore } from '../../shared/store/webhooks.js';

/** The aggregation's dependencies over one table (the handler's wiring; also used by tests and benchmarks). */
export function aggregationDeps(
  db: Db,
  config: Pick<Config, 'RIPPLE_AGGREGATE_LAG_SECONDS' | 'RIPPLE_AGGREGATE_STEP_EVENTS'> & Partial<Pick<Config, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE'>>,
): AggregationDeps {
  return {
    readFeedStep: (request) => readFeedStep(db, request),
    control: makeFeedControlStore(db),
    state: makeContentStateStore(db, makeSealedChunkCache(sealedLinksFor(config.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? 1024))),
    contents: makeContentStore(db),
    marks: makeVisitorMarkStore(db),
    markNames: keys.marks,
    conversions: makeConversionStore(db),
    thresholds: makeThresholdDetector({ webhooks: makeWebhookStore(db), outbox: makeOutboxStore(db) }),
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
