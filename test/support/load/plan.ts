// What a load run sends (crowd.ts), and the stack settings it needs.

export interface LoadPlan {
  apiKey: string;
  contentId: string;
  /** The content's seed links: the first codes clicked. */
  seeds: readonly string[];
  clicks: number;
  /** Distinct visitors among the clicks (at most `clicks`); the other clicks are return visits. */
  visitors: number;
  reshares: number;
  /** Reads of each kind: report, link, cascade. */
  readsEach: number;
  /** Requests in flight: the first this many × 4 requests are clicks, so that re-sharers exist. */
  inFlight: number;
  randomSeed: number;
}

/**
 * The mix of bench:load and its test: half the clicks are first visits (so as many browsers as half
 * the clicks), one re-share per 50 clicks, one read of each kind per 100.
 */
export function loadPlan(input: Pick<LoadPlan, 'apiKey' | 'contentId' | 'seeds' | 'clicks' | 'inFlight'>): LoadPlan {
  return {
    ...input,
    visitors: Math.ceil(input.clicks / 2),
    reshares: Math.ceil(input.clicks / 50),
    readsEach: Math.ceil(input.clicks / 100),
    randomSeed: 12,
  };
}

// Every request of a load run comes from 127.0.0.1: the re-share's per-address limit (60 a minute)
// would answer 429 within a second, and a returning visitor may re-share more than 10 times.
export const LOAD_STACK_ENV = {
  RIPPLE_RESHARE_LIMIT_PER_VISITOR: '1000000000',
  RIPPLE_RESHARE_LIMIT_PER_ADDRESS: '1000000000',
};
