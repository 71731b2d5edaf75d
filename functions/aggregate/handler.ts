import { type AggregationDeps, type AggregationResult, runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { loadConfig } from '../../shared/config.js';
import * as z from '../../shared/domain/zod.js';
import { parseInput } from '../../shared/http/input.js';
import { createDb } from '../../shared/store/db.js';
import { aggregationDeps } from './deps.js';
import { logInfo } from '../../shared/log.js';
import { count } from '../../shared/observability/powertools.js';
import { scheduledHandler } from '../../shared/scheduled-handler.js';

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
  return scheduledHandler<AggregationResult>({ stopBeforeTimeoutMs: STOP_BEFORE_TIMEOUT_MS }, async (event, { remainingMs, deadlineMs }) => {
    const { until, rebuild } = parseInput(aggregateEvent, event ?? {});
    // The lease outlives this invocation even if it is killed at its timeout, so no second run starts
    // while it might still be writing; the deadline makes it stop starting steps well before that.
    const settings = remainingMs === undefined ? deps.settings : { ...deps.settings, leaseMs: Math.max(deps.settings.leaseMs, remainingMs + 60_000) };
    const result = await runAggregation(
      { ...deps, settings },
      { ...(until ? { until: new Date(until) } : {}), ...(rebuild ? { rebuild } : {}), ...(deadlineMs === undefined ? {} : { deadlineMs }) },
    );
    recordRun(result);
    return result;
  });
}

function recordRun(result: AggregationResult) {
  if (result.status !== 'done') {
    logInfo('aggregation', result);
    count(result.status === 'skipped' ? 'AggregationSkipped' : 'AggregationPreempted');
    return;
  }
  if (result.events > 0 || result.laggingContents > 0) logInfo('aggregation', result);
  count('EventsAggregated', result.events);
  count('ContentsAggregated', result.contents);
  count('LaggingContents', result.laggingContents);
  count('SkippedEvents', result.skippedEvents);
}

const config = loadConfig();

export const handler = makeAggregateHandler(aggregationDeps(createDb(config), config));
