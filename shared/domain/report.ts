import {
  type ContentAggregate,
  type ContentTotals,
  emptyTotals,
  type HourTally,
  type LinkTally,
  NO_CHANNEL,
  totalsOf,
} from './aggregate/content-aggregate.js';
import { cascadeComponents, cascadeMetrics, emptyCascadeComponents, forestFromLinks, sumCascadeComponents } from './metrics/cascade.js';
import type { CascadeComponents, CascadeMetrics, KWindow } from './metrics/types.js';

// The report of SPEC §3, computed from aggregates only. A content's report and a campaign's are
// the same computation: parts are additive, a campaign sums its contents' parts, and ratios are
// derived once from the sums (SPEC §6).

interface ChannelParts {
  links: number;
  clicks: number;
  uniqueVisitors: number;
  reshares: number;
}

export interface ReportParts extends ContentTotals {
  cascade: CascadeComponents;
  generationClicks: number[];
  generationVisitors: number[];
  channels: Record<string, ChannelParts>;
  referrers: Record<string, number>;
  hours: Record<string, HourTally>;
}

// SPEC §3's report: the cascade metrics (per-generation k as rows), the reach totals, and derived ratios.
export interface Report
  extends Omit<CascadeMetrics, 'perGenerationK'>,
    Pick<ContentTotals, 'clicks' | 'botClicks' | 'uniqueVisitors' | 'seedReach' | 'earnedReach' | 'earnedClicks' | 'conversions'> {
  computedAt: string | null;
  eventsThrough: string | null;
  kWindowSeconds: number | 'all';
  perGeneration: { generation: number; links: number; clicks: number; uniqueVisitors: number; k: number }[];
  amplification: number | null;
  conversionValue: number;
  conversionValueByCurrency: Record<string, number>;
  channels: ({ channel: string | null } & ChannelParts)[];
  referrers: { host: string; clicks: number }[];
  timeline: ({ start: string } & HourTally)[];
}

const TOP_REFERRERS = 10;
const HOURLY_DAYS = 14;
const DAY_MS = 86_400_000;

/** The links a report counts: those whose own event has been aggregated. */
export const knownLinks = (aggregate: ContentAggregate): LinkTally[] => aggregate.links.filter((link) => !link.pending);

export function reportParts(aggregate: ContentAggregate, window: KWindow): ReportParts {
  const links = knownLinks(aggregate);
  const cascade = cascadeComponents(forestFromLinks(links), window);

  const generationClicks: number[] = [];
  const channels: Record<string, ChannelParts> = {};
  const channelOf = new Map(links.map((link) => [link.code, link.channel ?? NO_CHANNEL]));
  const channelRow = (channel: string) => (channels[channel] ??= { links: 0, clicks: 0, uniqueVisitors: 0, reshares: 0 });
  for (const link of aggregate.links) {
    while (generationClicks.length <= link.generation) generationClicks.push(0);
    generationClicks[link.generation] = (generationClicks[link.generation] ?? 0) + link.clicks;
    if (link.pending) continue;
    const row = channelRow(link.channel ?? NO_CHANNEL);
    row.links++;
    row.clicks += link.clicks;
    // A channel's re-shares are the links made from its links: how far its shares travel on.
    const parentChannel = link.parent === null ? undefined : channelOf.get(link.parent);
    if (parentChannel !== undefined) channelRow(parentChannel).reshares++;
  }
  for (const [channel, visitors] of Object.entries(aggregate.channelVisitors)) channelRow(channel).uniqueVisitors = visitors;

  return {
    cascade,
    ...totalsOf(aggregate),
    generationClicks,
    generationVisitors: [...aggregate.generationVisitors],
    channels,
    referrers: { ...aggregate.referrers },
    hours: aggregate.hours,
  };
}

export function emptyReportParts(): ReportParts {
  return {
    cascade: emptyCascadeComponents(),
    ...emptyTotals(),
    generationClicks: [],
    generationVisitors: [],
    channels: {},
    referrers: {},
    hours: {},
  };
}

export function sumReportParts(parts: readonly ReportParts[]): ReportParts {
  const sum = emptyReportParts();
  sum.cascade = sumCascadeComponents(parts.map((part) => part.cascade));
  for (const part of parts) {
    for (const field of ['clicks', 'botClicks', 'uniqueVisitors', 'seedReach', 'earnedReach', 'earnedClicks', 'conversions', 'conversionValueMicros'] as const) {
      sum[field] += part[field];
    }
    addInto(sum.conversionValueMicrosByCurrency, part.conversionValueMicrosByCurrency);
    addArrays(sum.generationClicks, part.generationClicks);
    addArrays(sum.generationVisitors, part.generationVisitors);
    addInto(sum.referrers, part.referrers);
    for (const [channel, row] of Object.entries(part.channels)) {
      const total = (sum.channels[channel] ??= { links: 0, clicks: 0, uniqueVisitors: 0, reshares: 0 });
      total.links += row.links;
      total.clicks += row.clicks;
      total.uniqueVisitors += row.uniqueVisitors;
      total.reshares += row.reshares;
    }
    for (const [start, hour] of Object.entries(part.hours)) {
      const total = (sum.hours[start] ??= { clicks: 0, links: 0, reshares: 0 });
      total.clicks += hour.clicks;
      total.links += hour.links;
      total.reshares += hour.reshares;
    }
  }
  return sum;
}

export function finalizeReport(
  parts: ReportParts,
  meta: { computedAt: string | null; eventsThrough: string | null; kWindowSeconds: number | null },
): Report {
  const cascade = cascadeMetrics(parts.cascade);
  return {
    computedAt: meta.computedAt,
    eventsThrough: meta.eventsThrough,
    kWindowSeconds: meta.kWindowSeconds ?? 'all',
    links: cascade.links,
    seedLinks: cascade.seedLinks,
    reshares: cascade.reshares,
    generationSizes: cascade.generationSizes,
    depth: cascade.depth,
    maxBreadth: cascade.maxBreadth,
    seedFanout: cascade.seedFanout,
    kFactor: cascade.kFactor,
    invitesPerShare: cascade.invitesPerShare,
    reshareRate: cascade.reshareRate,
    // Over every generation anything reached: a click's link may be deeper than all known links
    // until its own event is aggregated.
    perGeneration: Array.from(
      { length: Math.max(cascade.generationSizes.length, parts.generationClicks.length, parts.generationVisitors.length) },
      (_, generation) => ({
        generation,
        links: cascade.generationSizes[generation] ?? 0,
        clicks: parts.generationClicks[generation] ?? 0,
        uniqueVisitors: parts.generationVisitors[generation] ?? 0,
        k: cascade.perGenerationK[generation] ?? 0,
      }),
    ),
    structuralVirality: cascade.structuralVirality,
    largestCascade: cascade.largestCascade,
    viralCycleTimeSeconds: cascade.viralCycleTimeSeconds,
    clicks: parts.clicks,
    botClicks: parts.botClicks,
    uniqueVisitors: parts.uniqueVisitors,
    seedReach: parts.seedReach,
    earnedReach: parts.earnedReach,
    earnedClicks: parts.earnedClicks,
    amplification: parts.seedReach === 0 ? null : parts.earnedReach / parts.seedReach,
    conversions: parts.conversions,
    conversionValue: parts.conversionValueMicros / 1_000_000,
    conversionValueByCurrency: Object.fromEntries(
      Object.entries(parts.conversionValueMicrosByCurrency).map(([currency, micros]) => [currency, micros / 1_000_000]),
    ),
    channels: Object.entries(parts.channels)
      .map(([channel, row]) => ({ channel: channel === NO_CHANNEL ? null : channel, ...row }))
      .sort((a, b) => b.links - a.links || b.clicks - a.clicks || byChannelName(a.channel, b.channel)),
    referrers: Object.entries(parts.referrers)
      .map(([host, clicks]) => ({ host, clicks }))
      .sort((a, b) => b.clicks - a.clicks || a.host.localeCompare(b.host))
      .slice(0, TOP_REFERRERS),
    timeline: timeline(parts.hours, meta.eventsThrough),
  };
}

// Hourly buckets for the last 14 days before eventsThrough, daily before that (SPEC §3). The
// hourly range starts at midnight, so every daily bucket is a whole day.
function timeline(hours: Record<string, HourTally>, eventsThrough: string | null): Report['timeline'] {
  const starts = Object.keys(hours).sort();
  const end = eventsThrough ? Date.parse(eventsThrough) : Date.parse(starts.at(-1) ?? '1970-01-01T00:00:00.000Z');
  const hourlyFrom = Math.floor((end - HOURLY_DAYS * DAY_MS) / DAY_MS) * DAY_MS;
  const buckets = new Map<string, HourTally>();
  for (const start of starts) {
    const hour = hours[start] as HourTally;
    const key = Date.parse(start) >= hourlyFrom ? start : `${start.slice(0, 10)}T00:00:00.000Z`;
    const bucket = buckets.get(key) ?? { clicks: 0, links: 0, reshares: 0 };
    bucket.clicks += hour.clicks;
    bucket.links += hour.links;
    bucket.reshares += hour.reshares;
    buckets.set(key, bucket);
  }
  return [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([start, bucket]) => ({ start, ...bucket }));
}

// Named channels in code-point order, the row of links without a channel last.
function byChannelName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function addInto(target: Record<string, number>, source: Readonly<Record<string, number>>) {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

function addArrays(target: number[], source: readonly number[]) {
  source.forEach((value, index) => {
    target[index] = (target[index] ?? 0) + value;
  });
}
