import type { LinkTally, ContentWork } from './content-aggregate.js';

// The running totals of one content: everything a report needs besides the link structure, kept in
// the content's head item and rewritten by each commit, so its size must not grow with the links
// (docs/data-model.md lists each field's bound).

/** The totals a content's summary keeps and a report's parts carry (a campaign sums them). */
export interface ContentTotals {
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
  seedReach: number;
  earnedReach: number;
  earnedClicks: number;
  conversions: number;
  /** Conversion values in millionths, summed as integers so totals are exact and order-free. */
  conversionValueMicros: number;
  conversionValueMicrosByCurrency: Record<string, number>;
}

export interface HourTally {
  clicks: number;
  links: number;
  reshares: number;
}

export interface ContentSummary extends ContentTotals {
  /** Human clicks and distinct visitors per generation. */
  generationClicks: number[];
  generationVisitors: number[];
  /** Human clicks and distinct visitors per channel ('' for links without one). */
  channelClicks: Record<string, number>;
  channelVisitors: Record<string, number>;
  /**
   * Per arrival channel (docs/metrics.md, "Arrivals"): human clicks that came through it, distinct
   * visitors who came through it, and re-share links whose creator first came through it.
   */
  arrivalClicks: Record<string, number>;
  arrivalVisitors: Record<string, number>;
  arrivalReshares: Record<string, number>;
  /** Human clicks by referring host, at most MAX_REFERRER_HOSTS of them. */
  referrers: Record<string, number>;
  /** The report's timeline: per UTC day for the content's life, per hour for the last 15 days. */
  days: Record<string, HourTally>;
  recentHours: Record<string, HourTally>;
  /**
   * Σ unique visitors of the re-share links mature at `throughMs` under the content's own K window:
   * the one sum of the report that needs every link's tally, kept as links mature instead.
   */
  mature: { windowMs: number; throughMs: number | null; visitors: number };
}

export const emptyTotals = (): ContentTotals => ({
  clicks: 0,
  botClicks: 0,
  uniqueVisitors: 0,
  seedReach: 0,
  earnedReach: 0,
  earnedClicks: 0,
  conversions: 0,
  conversionValueMicros: 0,
  conversionValueMicrosByCurrency: {},
});

/** A copy of the totals of a summary (or of report parts), sharing nothing mutable with it. */
export const totalsOf = (from: ContentTotals): ContentTotals => ({
  clicks: from.clicks,
  botClicks: from.botClicks,
  uniqueVisitors: from.uniqueVisitors,
  seedReach: from.seedReach,
  earnedReach: from.earnedReach,
  earnedClicks: from.earnedClicks,
  conversions: from.conversions,
  conversionValueMicros: from.conversionValueMicros,
  conversionValueMicrosByCurrency: { ...from.conversionValueMicrosByCurrency },
});

export function emptySummary(windowMs: number): ContentSummary {
  return {
    ...emptyTotals(),
    generationClicks: [],
    generationVisitors: [],
    channelClicks: {},
    channelVisitors: {},
    arrivalClicks: {},
    arrivalVisitors: {},
    arrivalReshares: {},
    referrers: {},
    days: {},
    recentHours: {},
    mature: { windowMs, throughMs: null, visitors: 0 },
  };
}

/** The fields a summary stored before arrivals were counted lacks. */
type ArrivalCounts = Pick<ContentSummary, 'arrivalClicks' | 'arrivalVisitors' | 'arrivalReshares'>;

/**
 * A summary as a head stored it. One stored before arrivals were counted has no arrival maps: they
 * start empty, so such a content counts arrivals from then on unless rebuilt (docs/data-model.md).
 */
export function storedSummary(stored: Omit<ContentSummary, keyof ArrivalCounts> & Partial<ArrivalCounts>): ContentSummary {
  return { ...stored, arrivalClicks: stored.arrivalClicks ?? {}, arrivalVisitors: stored.arrivalVisitors ?? {}, arrivalReshares: stored.arrivalReshares ?? {} };
}

export const hourOf = (at: string | number) => `${new Date(at).toISOString().slice(0, 13)}:00:00.000Z`;

const DAY_MS = 86_400_000;
/** The report's timeline is hourly for 14 days before its end, from midnight; one more day is kept. */
export const RECENT_HOURS_DAYS = 15;

/** From when the summary's recent hours are complete (midnight, 15 days before its maturity time). */
export const recentHoursFromMs = (summary: ContentSummary): number =>
  summary.mature.throughMs === null ? 0 : Math.floor(summary.mature.throughMs / DAY_MS) * DAY_MS - RECENT_HOURS_DAYS * DAY_MS;

/** The re-share links that mature between the summary's last maturity time and `throughMs`. */
export function newlyMatureLinks(work: ContentWork, throughMs: number): string[] {
  const { windowMs, throughMs: before } = work.summary.mature;
  const { links } = work;
  const codes: string[] = [];
  for (let i = 0; i < links.length; i++) {
    const createdAtMs = links.createdAtMs(i);
    if (links.generation(i) < 1 || throughMs - createdAtMs < windowMs) continue;
    const maturedBefore = i < work.storedLinks && before !== null && before - createdAtMs >= windowMs;
    if (!maturedBefore) codes.push(links.code(i));
  }
  return codes;
}

/**
 * Moves the summary to `throughMs`: adds the visitors of the links that matured (their tallies as
 * they stand after this run's events), and drops recent hours the timeline no longer shows.
 */
export function settleSummary(work: ContentWork, throughMs: number, storedTallies: ReadonlyMap<string, LinkTally>) {
  const { summary } = work;
  for (const code of newlyMatureLinks(work, throughMs)) {
    summary.mature.visitors += (work.tallies.get(code) ?? storedTallies.get(code))?.uniqueVisitors ?? 0;
  }
  if (summary.mature.throughMs === null || throughMs > summary.mature.throughMs) summary.mature.throughMs = throughMs;
  const keepFrom = new Date(recentHoursFromMs(summary)).toISOString();
  for (const hour of Object.keys(summary.recentHours)) if (hour < keepFrom) delete summary.recentHours[hour];
}

/** When the next re-share link matures (K can change with no new event), or null. */
export function nextMaturityMs(work: Pick<ContentWork, 'links'>, windowMs: number, throughMs: number): number | null {
  const { links } = work;
  let next = Number.POSITIVE_INFINITY;
  for (let i = 0; i < links.length; i++) {
    const maturesAt = links.createdAtMs(i) + windowMs;
    if (links.generation(i) > 0 && maturesAt > throughMs && maturesAt < next) next = maturesAt;
  }
  return Number.isFinite(next) ? next : null;
}
