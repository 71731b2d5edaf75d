import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { runBudgetMs, scheduledHandler } from '../../shared/scheduled-handler.js';

describe('a scheduled run’s time budget', () => {
  it('leaves the configured margin before the timeout, and at least 5 s (or half of a short timeout)', () => {
    expect(runBudgetMs(900_000, 30_000)).toBe(870_000);
    expect(runBudgetMs(30_000, 30_000)).toBe(5_000);
    expect(runBudgetMs(4_000, 30_000)).toBe(2_000);
  });

  it('hands the run its deadline from the Lambda context, and none without one', async () => {
    const seen: unknown[] = [];
    const handler = scheduledHandler({ stopBeforeTimeoutMs: 20_000 }, async (_event, budget) => {
      seen.push(budget);
      return 'done';
    });
    const before = Date.now();

    await handler({}, { getRemainingTimeInMillis: () => 60_000 } as Context);
    await handler({}, {} as Context);

    expect(seen[0]).toMatchObject({ remainingMs: 60_000 });
    const { deadlineMs } = seen[0] as { deadlineMs: number };
    expect(deadlineMs - before).toBeGreaterThanOrEqual(40_000 - 50);
    expect(deadlineMs - Date.now()).toBeLessThanOrEqual(40_000);
    expect(seen[1]).toEqual({});
  });
});
