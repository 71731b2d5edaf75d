import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { observed } from './observability/powertools.js';

/** How long a scheduled run may go on: undefined without a Lambda context (tests, benchmarks). */
export interface RunBudget {
  /** Start no new unit of work after this (epoch ms). */
  deadlineMs?: number;
  /** The invocation's remaining time when it started. */
  remainingMs?: number;
}

// Leave `stopBeforeTimeoutMs` of the invocation for the work in flight to finish; with less than
// that (plus 5 s) left, a run gets 5 s, or half of what is left if that is less (short local timeouts).
export const runBudgetMs = (remainingMs: number, stopBeforeTimeoutMs: number) => Math.max(remainingMs - stopBeforeTimeoutMs, Math.min(5_000, remainingMs / 2));

// Every scheduled Lambda's middy stack (beside httpHandler): logs and metrics, and the run's deadline.
export function scheduledHandler<Result>(options: { stopBeforeTimeoutMs: number }, run: (event: unknown, budget: RunBudget) => Promise<Result>) {
  return middy<unknown, Result, Error, Context>()
    .use(observed<unknown, Result>())
    .handler(async (event, context) => {
      const remainingMs = context?.getRemainingTimeInMillis?.();
      if (remainingMs === undefined) return run(event, {});
      return run(event, { remainingMs, deadlineMs: Date.now() + runBudgetMs(remainingMs, options.stopBeforeTimeoutMs) });
    });
}
