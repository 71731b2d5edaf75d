// Delivery is retried with exponential backoff and jitter over more than a day (docs/contract.md §4): after
// the first attempt, waits of 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 24 h (41.6 h in all).
export const DEFAULT_RETRY_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 86_400];

// ±20 %, so that a receiver coming back is not hit by every retry at the same instant.
const JITTER = 0.2;

/** The wait before the next attempt after `attemptsMade` attempts, or null when none is left. */
export function nextRetryDelayMs(attemptsMade: number, schedule: readonly number[], random: () => number = Math.random): number | null {
  const base = schedule[attemptsMade - 1];
  if (base === undefined) return null;
  return Math.round(base * 1000 * (1 + JITTER * (2 * random() - 1)));
}

export function parseRetrySchedule(text: string): number[] {
  const seconds = text.split(',').map((part) => Number(part.trim()));
  if (seconds.length === 0 || seconds.some((value) => !Number.isFinite(value) || value <= 0)) {
    throw new Error(`A retry schedule is a comma-separated list of positive seconds, got "${text}"`);
  }
  return seconds;
}
