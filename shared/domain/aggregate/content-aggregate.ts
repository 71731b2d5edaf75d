import type { Click } from '../click.js';
import type { Link } from '../link.js';

// One content's running totals, kept by the aggregation and read by the reports. Everything a
// report needs is here, so a report never reads raw events. Pure data and pure updates.

export interface LinkTally {
  code: string;
  parent: string | null;
  createdAtMs: number;
  generation: number;
  sharer: string | null;
  channel: string | null;
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
  /** True while only clicks have been seen: the link's own event arrives later (clock skew). */
  pending?: true;
}

export interface HourTally {
  clicks: number;
  links: number;
  reshares: number;
}

/** The totals a content's aggregate keeps and a report's parts carry (a campaign sums them). */
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

export interface ContentAggregate extends ContentTotals {
  links: LinkTally[];
  /** Distinct visitors per generation, and per channel ('' for links without one). */
  generationVisitors: number[];
  channelVisitors: Record<string, number>;
  /** Human clicks by referring host. */
  referrers: Record<string, number>;
  /** By hour start (ISO). */
  hours: Record<string, HourTally>;
}

/** Which of a visitor's memberships a human click was the first to set (from the visitor marks). */
export interface VisitorFirsts {
  content: boolean;
  link: boolean;
  generation: boolean;
  channel: boolean;
}

export type FeedEvent =
  | { kind: 'link'; link: Link }
  | { kind: 'click'; click: Click; firsts: VisitorFirsts | null }
  | { kind: 'conversion'; value: number; currency: string | null };

export const NO_CHANNEL = '';

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

/** A copy of the totals of an aggregate (or of report parts), sharing nothing mutable with it. */
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

export function emptyAggregate(): ContentAggregate {
  return {
    links: [],
    ...emptyTotals(),
    generationVisitors: [],
    channelVisitors: {},
    referrers: {},
    hours: {},
  };
}

export const hourOf = (at: string | number) => `${new Date(at).toISOString().slice(0, 13)}:00:00.000Z`;

// Applies events in feed order, mutating `aggregate` (a working copy loaded for one run).
export function applyEvents(aggregate: ContentAggregate, events: readonly FeedEvent[]): ContentAggregate {
  const byCode = new Map(aggregate.links.map((tally) => [tally.code, tally]));
  const hour = (at: string) => (aggregate.hours[hourOf(at)] ??= { clicks: 0, links: 0, reshares: 0 });
  const add = (counts: Record<string, number>, key: string, amount = 1) => {
    counts[key] = (counts[key] ?? 0) + amount;
  };

  for (const event of events) {
    if (event.kind === 'link') {
      const { link } = event;
      const known = byCode.get(link.code);
      if (known && !known.pending) continue;
      const tally: LinkTally = known ?? { code: link.code, clicks: 0, botClicks: 0, uniqueVisitors: 0, ...linkFacts(link) };
      Object.assign(tally, linkFacts(link));
      delete tally.pending;
      if (!known) {
        aggregate.links.push(tally);
        byCode.set(tally.code, tally);
      }
      const bucket = hour(link.createdAt);
      bucket.links++;
      if (link.generation > 0) bucket.reshares++;
    } else if (event.kind === 'click') {
      const { click, firsts } = event;
      const tally = byCode.get(click.code) ?? pendingTally(aggregate, byCode, click);
      if (click.bot) {
        aggregate.botClicks++;
        tally.botClicks++;
        continue;
      }
      aggregate.clicks++;
      tally.clicks++;
      if (click.generation > 0) aggregate.earnedClicks++;
      if (click.referrerHost) add(aggregate.referrers, click.referrerHost);
      hour(click.at).clicks++;
      if (firsts?.content) {
        aggregate.uniqueVisitors++;
        if (click.generation === 0) aggregate.seedReach++;
        else aggregate.earnedReach++;
      }
      if (firsts?.link) tally.uniqueVisitors++;
      if (firsts?.generation) {
        while (aggregate.generationVisitors.length <= click.generation) aggregate.generationVisitors.push(0);
        aggregate.generationVisitors[click.generation] = (aggregate.generationVisitors[click.generation] ?? 0) + 1;
      }
      if (firsts?.channel) add(aggregate.channelVisitors, click.channel ?? NO_CHANNEL);
    } else {
      aggregate.conversions++;
      const micros = Math.round(event.value * 1_000_000);
      aggregate.conversionValueMicros += micros;
      if (event.currency) add(aggregate.conversionValueMicrosByCurrency, event.currency, micros);
    }
  }
  return aggregate;
}

function linkFacts(link: Link) {
  return {
    parent: link.parent,
    createdAtMs: Date.parse(link.createdAt),
    generation: link.generation,
    sharer: link.sharer,
    channel: link.channel,
  };
}

// A click whose link event has not been seen yet (the minting Lambda's clock ran a little ahead
// of the clicking one's): count it on a placeholder that the link event completes.
function pendingTally(aggregate: ContentAggregate, byCode: Map<string, LinkTally>, click: Click): LinkTally {
  const tally: LinkTally = {
    code: click.code,
    parent: null,
    createdAtMs: Date.parse(click.at),
    generation: click.generation,
    sharer: null,
    channel: click.channel,
    clicks: 0,
    botClicks: 0,
    uniqueVisitors: 0,
    pending: true,
  };
  aggregate.links.push(tally);
  byCode.set(click.code, tally);
  return tally;
}
