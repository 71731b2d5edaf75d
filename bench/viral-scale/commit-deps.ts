// The aggregation's dependencies over a benchmark's DynamoDB, as the aggregate function wires them.
import { aggregationDeps } from '../../functions/aggregate/deps.js';
import type { AggregationDeps } from '../../shared/aggregation/aggregation-deps.js';
import { updateContent } from '../../shared/aggregation/content-update.js';
import type { Content } from '../../shared/domain/content.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import type { Db } from '../../shared/store/db.js';
import type { SealedChunkCache } from '../../shared/store/sealed-chunk-cache.js';
import type { FeedStepInput } from './viral-content.js';

export interface CommitTarget {
  workspaceId: string;
  contentId: string;
  content: Content;
}

export function depsOver(db: Db, cache: SealedChunkCache, clockMs: () => number): AggregationDeps {
  return {
    ...aggregationDeps(db, { RIPPLE_AGGREGATE_LAG_SECONDS: 0, RIPPLE_AGGREGATE_STEP_EVENTS: 25_000 }),
    state: makeContentStateStore(db, cache),
    // Webhook thresholds read subscriptions once per run, not per commit: left out of the count.
    thresholds: undefined,
    clock: () => new Date(clockMs()),
  };
}

/** One `updateContent` of a step's events; anything but a commit ends the benchmark. */
export async function commitStep(deps: AggregationDeps, target: CommitTarget, step: FeedStepInput): Promise<void> {
  const outcome = await updateContent(deps, target, step.records, step.end, step.firsts);
  if (outcome.kind !== 'committed') {
    throw new Error(`viral-scale bench: commit ended ${outcome.kind}${outcome.kind === 'failed' ? `: ${String(outcome.error)}` : ''}`);
  }
}
