import type { StructureLink } from './aggregate/content-aggregate.js';
import { NO_CHANNEL } from './aggregate/content-aggregate.js';
import type { ArrivalChannel } from './arrival-channel.js';
import { type ContentSummary, type ContentTotals, emptyTotals, type HourTally, recentHoursFromMs, totalsOf } from './aggregate/content-summary.js';
import { addCount, rowOf } from './counts.js';
import { LinkIndex, type LinkLookup, parentPosition } from './aggregate/link-index.js';
import { asStructure, type Structure } from './aggregate/structure.js';
import { cascadeComponents, cascadeMetrics, emptyCascadeComponents, sumCascadeComponents } from './metrics/cascade.js';
import { channelSpread } from './metrics/channel-spread.js';
import type { CascadeComponents, CascadeMetrics, Forest, KWindow } from './metrics/types.js';

// The report of docs/metrics.md, computed from a content's link structure and summary, never from
// raw events. A content's report and a campaign's are the same computation: parts are additive, a
// campaign sums its contents' parts, and ratios are derived once from the sums.

interface ChannelParts {
  links: number;
  clicks: number;
  uniqueVisitors: number;
  reshares: number;
  /** Distinct links any number of generations below this channel's links (docs/metrics.md, "Breakdowns"). */
  downstreamLinks: number;
  /** The most generations below any one of this channel's links. */
  deepestSpread: number;
}

const emptyChannelParts = (): ChannelParts => ({ links: 0, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 });

/** Per arrival channel (docs/metrics.md, "Arrivals"): what came through it, and what they went on to share. */
interface ArrivalParts {
  clicks: number;
  uniqueVisitors: number;
  reshares: number;
}

const emptyArrivalParts = (): ArrivalParts => ({ clicks: 0, uniqueVisitors: 0, reshares: 0 });

export interface ReportParts extends ContentTotals {
  cascade: CascadeComponents;
  generationClicks: number[];
  generationVisitors: number[];
  channels: Record<string, ChannelParts>;
  arrivals: Record<string, ArrivalParts>;
  referrers: Record<string, number>;
  /** Timeline tallies: every day (yyyy-mm-dd), and the recent hours (ISO hour starts)… */
  days: Record<string, HourTally>;
  recentHours: Record<string, HourTally>;
  /** …complete from this time on (a campaign: the latest of its contents'). */
  recentHoursFromMs: number;
}

// The report's fields: the cascade metrics (per-generation k as rows), the reach totals, and derived ratios.
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
  arrivals: ({ channel: ArrivalChannel } & ArrivalParts)[];
  referrers: { host: string; clicks: number }[];
  timeline: ({ start: string } & HourTally)[];
}

const TOP_REFERRERS = 10;
const HOURLY_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Where the visitors of K's mature links come from: the summary's running sum, valid for the
 * content's own window at the summary's maturity time; or every link's unique visitors (any window).
 */
export type MatureVisitorsSource = { kind: 'summary' } | { kind: 'perLink'; uniqueVisitors: ReadonlyMap<string, number> };

export function reportParts(
  stored: Structure | readonly StructureLink[],
  summary: ContentSummary,
  window: KWindow,
  visitors: MatureVisitorsSource,
  index?: LinkLookup,
): ReportParts {
  const links = asStructure(stored);
  const forest = structureForest(links, index ?? LinkIndex.of(links), visitors);
  const cascade = cascadeComponents(forest, window);
  if (visitors.kind === 'summary') cascade.matureVisitors = summary.mature.visitors;
  return {
    cascade,
    ...totalsOf(summary),
    generationClicks: [...summary.generationClicks],
    generationVisitors: [...summary.generationVisitors],
    channels: channelParts(links, forest, summary),
    arrivals: arrivalParts(summary),
    referrers: { ...summary.referrers },
    days: copyTallies(summary.days),
    recentHours: copyTallies(summary.recentHours),
    recentHoursFromMs: recentHoursFromMs(summary),
  };
}

// The metric maths' columns: times and generations copied a whole chunk at a time, parents as
// stored with their chunks (looked up by code only where not stored), codes made only when read.
function structureForest(links: Structure, index: LinkLookup, visitors: MatureVisitorsSource): Forest {
  const n = links.length;
  const { createdAtMs, generations } = links.columns();
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = parentPosition(links, index, i);
  const uniqueVisitors = new Float64Array(n);
  if (visitors.kind === 'perLink') for (let i = 0; i < n; i++) uniqueVisitors[i] = visitors.uniqueVisitors.get(links.code(i)) ?? 0;
  return { size: n, codeOf: (i) => links.code(i), parent, createdAtMs, generation: generations, uniqueVisitors };
}

// Per channel: its links, the links made from them and how far below them its shares spread, from
// the structure; its clicks and visitors, from the summary.
function channelParts(links: Structure, forest: Forest, summary: ContentSummary): Record<string, ChannelParts> {
  const channels: Record<string, ChannelParts> = {};
  const row = (channel: string) => rowOf(channels, channel, emptyChannelParts);
  const parents = forest.parent;
  for (let i = 0; i < links.length; i++) {
    row(links.channel(i) ?? NO_CHANNEL).links++;
    const parent = parents[i] ?? -1;
    if (parent >= 0) row(links.channel(parent) ?? NO_CHANNEL).reshares++;
  }
  addChannelSpread(channels, links, forest);
  for (const [channel, clicks] of Object.entries(summary.channelClicks)) row(channel).clicks = clicks;
  for (const [channel, visitors] of Object.entries(summary.channelVisitors)) row(channel).uniqueVisitors = visitors;
  return channels;
}

// Numbers the channels (rows already made for every link's channel) so the spread is computed over
// typed columns, then writes each channel's spread into its row.
function addChannelSpread(channels: Record<string, ChannelParts>, links: Structure, forest: Forest) {
  const names = Object.keys(channels);
  const numbers = new Map(names.map((name, number) => [name, number]));
  const channelIds = new Int32Array(links.length);
  for (let i = 0; i < links.length; i++) channelIds[i] = numbers.get(links.channel(i) ?? NO_CHANNEL) ?? 0;
  const spreads = channelSpread(forest, channelIds, names.length);
  names.forEach((name, number) => Object.assign(channels[name] as ChannelParts, spreads[number]));
}

// Per arrival channel, from the summary alone: clicks and visitors that came through it, and the
// re-shares of visitors who first came through it.
function arrivalParts(summary: Pick<ContentSummary, 'arrivalClicks' | 'arrivalVisitors' | 'arrivalReshares'>): Record<string, ArrivalParts> {
  const arrivals: Record<string, ArrivalParts> = {};
  const row = (channel: string) => rowOf(arrivals, channel, emptyArrivalParts);
  for (const [channel, clicks] of Object.entries(summary.arrivalClicks)) row(channel).clicks = clicks;
  for (const [channel, visitors] of Object.entries(summary.arrivalVisitors)) row(channel).uniqueVisitors = visitors;
  for (const [channel, reshares] of Object.entries(summary.arrivalReshares)) row(channel).reshares = reshares;
  return arrivals;
}

const copyTallies = (tallies: Readonly<Record<string, HourTally>>): Record<string, HourTally> =>
  Object.fromEntries(Object.entries(tallies).map(([start, tally]) => [start, { ...tally }]));

const hourlyFromMs = (endMs: number) => Math.floor((endMs - HOURLY_DAYS * DAY_MS) / DAY_MS) * DAY_MS;

/** A content's report for its own K window, from its structure and settled summary, and the parts it came from. */
export function contentReport(
  links: Structure | readonly StructureLink[],
  summary: ContentSummary,
  meta: { computedAt: string; eventsThrough: string },
  structure?: { index: LinkLookup },
): { report: Report; parts: ReportParts } {
  const window = { windowMs: summary.mature.windowMs, eventsThroughMs: Date.parse(meta.eventsThrough) };
  const parts = reportParts(links, summary, window, { kind: 'summary' }, structure?.index);
  return { parts, report: finalizeReport(parts, { ...meta, kWindowSeconds: summary.mature.windowMs / 1000 }) };
}

export function emptyReportParts(): ReportParts {
  return {
    cascade: emptyCascadeComponents(),
    ...emptyTotals(),
    generationClicks: [],
    generationVisitors: [],
    channels: {},
    arrivals: {},
    referrers: {},
    days: {},
    recentHours: {},
    recentHoursFromMs: 0,
  };
}

export function sumReportParts(parts: readonly ReportParts[]): ReportParts {
  const sum = emptyReportParts();
  sum.cascade = sumCascadeComponents(parts.map((part) => part.cascade));
  for (const part of parts) {
    for (const field of [
      'clicks',
      'botClicks',
      'uniqueVisitors',
      'seedReach',
      'earnedReach',
      'earnedClicks',
      'conversions',
      'conversionValueMicros',
    ] as const) {
      sum[field] += part[field];
    }
    addInto(sum.conversionValueMicrosByCurrency, part.conversionValueMicrosByCurrency);
    addArrays(sum.generationClicks, part.generationClicks);
    addArrays(sum.generationVisitors, part.generationVisitors);
    addInto(sum.referrers, part.referrers);
    for (const [channel, row] of Object.entries(part.channels)) {
      const total = rowOf(sum.channels, channel, emptyChannelParts);
      total.links += row.links;
      total.clicks += row.clicks;
      total.uniqueVisitors += row.uniqueVisitors;
      total.reshares += row.reshares;
      // Distinct per content, and contents share no links: the counts add. Depth is per tree: the deepest.
      total.downstreamLinks += row.downstreamLinks;
      total.deepestSpread = Math.max(total.deepestSpread, row.deepestSpread);
    }
    // Per content, like uniqueVisitors: a visitor who came to two contents through one channel counts twice.
    for (const [channel, row] of Object.entries(part.arrivals)) {
      const total = rowOf(sum.arrivals, channel, emptyArrivalParts);
      total.clicks += row.clicks;
      total.uniqueVisitors += row.uniqueVisitors;
      total.reshares += row.reshares;
    }
    addTallies(sum.days, part.days);
    addTallies(sum.recentHours, part.recentHours);
    sum.recentHoursFromMs = Math.max(sum.recentHoursFromMs, part.recentHoursFromMs);
  }
  return sum;
}

export function finalizeReport(parts: ReportParts, meta: { computedAt: string | null; eventsThrough: string | null; kWindowSeconds: number | null }): Report {
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
    perGeneration: perGenerationRows(cascade.generationSizes, parts.generationClicks, parts.generationVisitors),
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
      .sort(byChannelRank),
    arrivals: Object.entries(parts.arrivals)
      .map(([channel, row]) => ({ channel: channel as ArrivalChannel, ...row }))
      .sort(byArrivalRank),
    referrers: Object.entries(parts.referrers)
      .map(([host, clicks]) => ({ host, clicks }))
      .sort((a, b) => b.clicks - a.clicks || a.host.localeCompare(b.host))
      .slice(0, TOP_REFERRERS),
    timeline: timeline(parts, meta.eventsThrough),
  };
}

// Hourly buckets for the last 14 days before eventsThrough, daily before that (docs/metrics.md). The
// hourly range starts at midnight, so every daily bucket is a whole day; never before the recent
// hours are complete (a campaign whose contents end at different times).
function timeline(parts: Pick<ReportParts, 'days' | 'recentHours' | 'recentHoursFromMs'>, eventsThrough: string | null): Report['timeline'] {
  const lastDay = Object.keys(parts.days).sort().at(-1);
  const end = eventsThrough ? Date.parse(eventsThrough) : Date.parse(`${lastDay ?? '1970-01-01'}T23:59:59.999Z`);
  const hourlyFrom = new Date(Math.max(hourlyFromMs(end), parts.recentHoursFromMs)).toISOString();
  const buckets: ({ start: string } & HourTally)[] = [];
  for (const [day, tally] of Object.entries(parts.days)) if (`${day}T00:00:00.000Z` < hourlyFrom) buckets.push({ start: `${day}T00:00:00.000Z`, ...tally });
  for (const [hour, tally] of Object.entries(parts.recentHours)) if (hour >= hourlyFrom) buckets.push({ start: hour, ...tally });
  return buckets.sort((a, b) => (a.start < b.start ? -1 : 1));
}

/**
 * The report's per-generation rows, from its generation sizes (trailing empty ones trimmed) and the
 * human clicks and visitors per generation: over every generation anything reached, since a click's
 * link may be deeper than all known links until its own event is aggregated. k_g = N_{g+1} / N_g,
 * 0 for the last and for an empty generation.
 */
export function perGenerationRows(generationSizes: readonly number[], clicks: readonly number[], visitors: readonly number[]): Report['perGeneration'] {
  return Array.from({ length: Math.max(generationSizes.length, clicks.length, visitors.length) }, (_, generation) => {
    const size = generationSizes[generation] ?? 0;
    return {
      generation,
      links: size,
      clicks: clicks[generation] ?? 0,
      uniqueVisitors: visitors[generation] ?? 0,
      k: size === 0 ? 0 : (generationSizes[generation + 1] ?? 0) / size,
    };
  });
}

// Channels ranked by how far their shares spread downstream (docs/metrics.md, "Breakdowns"): the
// most links below theirs, then the deepest spread; then the most links and clicks, then by name.
function byChannelRank(a: Report['channels'][number], b: Report['channels'][number]): number {
  return (
    b.downstreamLinks - a.downstreamLinks ||
    b.deepestSpread - a.deepestSpread ||
    b.links - a.links ||
    b.clicks - a.clicks ||
    byChannelName(a.channel, b.channel)
  );
}

// Arrival channels ranked by how far the people they brought spread it: the most re-shares, then the
// most visitors, then clicks (all descending), then by name.
function byArrivalRank(a: Report['arrivals'][number], b: Report['arrivals'][number]): number {
  return b.reshares - a.reshares || b.uniqueVisitors - a.uniqueVisitors || b.clicks - a.clicks || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0);
}

// Named channels in code-point order, the row of links without a channel last.
function byChannelName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function addInto(target: Record<string, number>, source: Readonly<Record<string, number>>) {
  for (const [key, value] of Object.entries(source)) addCount(target, key, value);
}

function addTallies(target: Record<string, HourTally>, source: Readonly<Record<string, HourTally>>) {
  for (const [start, tally] of Object.entries(source)) {
    const total = rowOf(target, start, () => ({ clicks: 0, links: 0, reshares: 0 }));
    total.clicks += tally.clicks;
    total.links += tally.links;
    total.reshares += tally.reshares;
  }
}

function addArrays(target: number[], source: readonly number[]) {
  source.forEach((value, index) => {
    target[index] = (target[index] ?? 0) + value;
  });
}
