import type { ArrivalChannel } from '../arrival-channel.js';
import { arrivalOf, type Click } from '../click.js';
import { addCount, hasCount, rowOf } from '../counts.js';
import type { Link } from '../link.js';
import { emptyCounts, type SeriesCounts } from '../series/series-counts.js';
import { type ContentSummary, type HourTally, hourOf } from './content-summary.js';
import { LinkIndex, type LinkLookup } from './link-index.js';
import { asStructure, type Structure } from './structure.js';

// One content's aggregate as a run works on it: the summary (every running total a report needs),
// the link structure (append-only), and only the link tallies and series hours this run's events
// touch. Applying events mutates it and records what changed, so a commit writes only that
// (docs/data-model.md, "The aggregation"). Pure data and pure updates.

/** A link as the cascade sees it: facts that never change once the link is made. */
export interface StructureLink {
  code: string;
  parent: string | null;
  createdAtMs: number;
  generation: number;
  sharer: string | null;
  channel: string | null;
}

/** A link's own counts. A link clicked before its own event is aggregated has a tally but no structure yet. */
export interface LinkTally {
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
}

/** Which of a visitor's memberships a human click was the first to set (from the visitor marks). */
export interface VisitorFirsts {
  content: boolean;
  link: boolean;
  generation: boolean;
  channel: boolean;
  /** First through the click's arrival channel (absent: not). */
  arrival?: boolean;
}

export type FeedEvent =
  /** `creatorArrival`: how the re-share's creator first came to the content before making it, if they did (visitor-marks.ts). */
  | { kind: 'link'; link: Link; creatorArrival?: ArrivalChannel | null }
  | { kind: 'click'; click: Click; firsts: VisitorFirsts | null }
  | { kind: 'conversion'; value: number; currency: string | null; at: string };

export interface ContentWork {
  summary: ContentSummary;
  /** Every known link, in the order the aggregation learnt of them. */
  links: Structure;
  indexOf: LinkIndex;
  /** How many links the stored structure held: the rest were appended by this run. */
  storedLinks: number;
  /** Tallies of the links this run touches (absent: no click yet). */
  tallies: Map<string, LinkTally>;
  changedTallies: Set<string>;
  /** Series hours (epoch ms of the UTC hour) of the days this run touches. */
  hours: Map<number, SeriesCounts>;
  changedHours: Set<number>;
}

export const NO_CHANNEL = '';
// Top referrers need exact counts of the hosts that lead; past this many distinct hosts the rest
// are counted together, so the summary item stays within DynamoDB's 400 KB.
export const MAX_REFERRER_HOSTS = 1_000;
export const OTHER_REFERRERS = '(other)';

/** A working copy over the stored summary and structure (appended to); `shared` indexes its first links already. */
export function contentWork(summary: ContentSummary, stored: Structure | StructureLink[], shared?: { index: LinkLookup; size: number }): ContentWork {
  const links = asStructure(stored);
  return {
    summary,
    links,
    indexOf: LinkIndex.over(links, shared),
    storedLinks: links.length,
    tallies: new Map(),
    changedTallies: new Set(),
    hours: new Map(),
    changedHours: new Set(),
  };
}

export const structureOf = (link: Link): StructureLink => ({
  code: link.code,
  parent: link.parent,
  createdAtMs: Date.parse(link.createdAt),
  generation: link.generation,
  sharer: link.sharer,
  channel: link.channel,
});

/** Is a link that was known before this run mature at the summary's last maturity time? */
function wasMature(work: ContentWork, code: string): boolean {
  const index = work.indexOf.get(code);
  const { throughMs, windowMs } = work.summary.mature;
  if (index === undefined || index >= work.storedLinks || throughMs === null) return false;
  return work.links.generation(index) >= 1 && throughMs - work.links.createdAtMs(index) >= windowMs;
}

// Applies events in feed order. The tallies and hours they touch must have been loaded.
export function applyEvents(work: ContentWork, events: readonly FeedEvent[]): ContentWork {
  for (const event of events) {
    if (event.kind === 'link') applyLink(work, event.link, event.creatorArrival ?? null);
    else if (event.kind === 'click') applyClick(work, event.click, event.firsts);
    else applyConversion(work, event);
  }
  return work;
}

function applyLink(work: ContentWork, link: Link, creatorArrival: ArrivalChannel | null) {
  if (work.indexOf.has(link.code)) return;
  work.indexOf.set(link.code, work.links.length);
  work.links.push(structureOf(link));
  const reshare = link.generation > 0 ? 1 : 0;
  if (reshare && creatorArrival !== null) add(work.summary.arrivalReshares, creatorArrival);
  for (const tally of timelineTallies(work, link.createdAt)) {
    tally.links++;
    tally.reshares += reshare;
  }
  const hour = seriesHour(work, link.createdAt);
  hour.links++;
  hour.reshares += reshare;
}

function applyClick(work: ContentWork, click: Click, firsts: VisitorFirsts | null) {
  const { summary } = work;
  const tally = linkTally(work, click.code);
  if (click.bot) {
    summary.botClicks++;
    tally.botClicks++;
    seriesHour(work, click.at).botClicks++;
    return;
  }
  summary.clicks++;
  tally.clicks++;
  if (click.generation > 0) summary.earnedClicks++;
  addAt(summary.generationClicks, click.generation);
  add(summary.channelClicks, click.channel ?? NO_CHANNEL);
  add(summary.arrivalClicks, arrivalOf(click));
  if (click.referrerHost) addReferrer(summary.referrers, click.referrerHost);
  for (const bucket of timelineTallies(work, click.at)) bucket.clicks++;
  const hour = seriesHour(work, click.at);
  hour.clicks++;
  if (firsts?.content) {
    summary.uniqueVisitors++;
    hour.newVisitors++;
    if (click.generation === 0) summary.seedReach++;
    else summary.earnedReach++;
  }
  if (firsts?.link) {
    tally.uniqueVisitors++;
    if (wasMature(work, click.code)) summary.mature.visitors++;
  }
  if (firsts?.generation) addAt(summary.generationVisitors, click.generation);
  if (firsts?.channel) add(summary.channelVisitors, click.channel ?? NO_CHANNEL);
  if (firsts?.arrival) add(summary.arrivalVisitors, arrivalOf(click));
}

function applyConversion(work: ContentWork, event: { value: number; currency: string | null; at: string }) {
  const { summary } = work;
  const micros = Math.round(event.value * 1_000_000);
  summary.conversions++;
  summary.conversionValueMicros += micros;
  if (event.currency) add(summary.conversionValueMicrosByCurrency, event.currency, micros);
  const hour = seriesHour(work, event.at);
  hour.conversions++;
  hour.conversionValueMicros += micros;
}

function linkTally(work: ContentWork, code: string): LinkTally {
  work.changedTallies.add(code);
  let tally = work.tallies.get(code);
  if (!tally) work.tallies.set(code, (tally = { clicks: 0, botClicks: 0, uniqueVisitors: 0 }));
  return tally;
}

function seriesHour(work: ContentWork, at: string): SeriesCounts {
  const hourMs = Date.parse(hourOf(at));
  work.changedHours.add(hourMs);
  let hour = work.hours.get(hourMs);
  if (!hour) work.hours.set(hourMs, (hour = emptyCounts()));
  return hour;
}

// The report's timeline: every day, and the hours of the recent days (pruned at each commit).
function timelineTallies(work: ContentWork, at: string): HourTally[] {
  const { days, recentHours } = work.summary;
  const day = rowOf(days, at.slice(0, 10), () => ({ clicks: 0, links: 0, reshares: 0 }));
  const hour = rowOf(recentHours, hourOf(at), () => ({ clicks: 0, links: 0, reshares: 0 }));
  return [day, hour];
}

const add = addCount;

function addAt(counts: number[], index: number) {
  while (counts.length <= index) counts.push(0);
  counts[index] = (counts[index] ?? 0) + 1;
}

function addReferrer(referrers: Record<string, number>, host: string) {
  const known = hasCount(referrers, host) || Object.keys(referrers).length < MAX_REFERRER_HOSTS;
  add(referrers, known ? host : OTHER_REFERRERS);
}
