// What the metric routes answer: reports (content, campaign, and inside threshold events), cascade
// pages and series, against the server's own types (docs/metrics.md defines every field).
import type { CascadeNode } from '../domain/cascade-tree.js';
import type { Report } from '../domain/report.js';
import type { SeriesBucket } from '../domain/series/buckets.js';
import { SERIES_INTERVALS } from '../domain/series/buckets.js';
import * as z from '../domain/zod.js';
import { component, described, type Same } from './schema-kit.js';
import { arrivalChannel, campaign, contentId, count, linkCode, ratio, timestamp, zonedTime } from './values.js';

const METRICS_DOC = 'docs/metrics.md';
const nullableTimestamp = z.nullable(timestamp);

const cascadeSummary = component(z.strictObject({ rootCode: linkCode, size: count, depth: count, structuralVirality: ratio }), {
  id: 'CascadeSummary',
  description: 'The biggest tree of the forest (ties: the earlier root, then the smaller code).',
});

const generationRow = component(z.strictObject({ generation: count, links: count, clicks: count, uniqueVisitors: count, k: z.number().check(z.gte(0)) }), {
  id: 'GenerationRow',
});

const reportFields = {
  computedAt: described(nullableTimestamp, { description: 'When the aggregation computed it; null before the first aggregation (every count 0).' }),
  eventsThrough: described(nullableTimestamp, { description: 'Every event up to this instant is counted.' }),
  kWindowSeconds: described(z.union([z.int().check(z.gte(1)), z.literal('all')]), { description: 'The K window the K fields are for (`?kWindow=`).' }),
  links: described(count, { description: 'Links of the content: L.' }),
  seedLinks: described(count, { description: 'Seed links (generation 0): N\u2080.' }),
  reshares: described(count, { description: 'Re-share links: L \u2212 N\u2080.' }),
  generationSizes: described(z.array(count), { description: 'Links per generation, from the seeds (generation 0).' }),
  depth: described(count, { description: 'The deepest generation with a link.' }),
  maxBreadth: described(count, { description: 'The most links in one generation.' }),
  seedFanout: described(ratio, { description: 'N\u2081 / N\u2080; null without a seed link.' }),
  kFactor: described(ratio, { description: `Children per mature re-share link within the K window (${METRICS_DOC}, K-factor).` }),
  invitesPerShare: described(ratio, { description: 'i: unique visitors of the mature re-share links per link.' }),
  reshareRate: described(ratio, { description: 'c: counted children per such visitor, so i \u00b7 c = kFactor.' }),
  perGeneration: described(z.array(generationRow), {
    description: 'Per generation: its links, human clicks, distinct visitors, and k = N_{g+1} / N_g (the last 0).',
  }),
  structuralVirality: described(ratio, {
    description: 'The mean distance between two links of a tree, node-weighted over the trees of 2 links or more; null if none.',
  }),
  largestCascade: z.nullable(cascadeSummary),
  viralCycleTimeSeconds: described(ratio, { description: 'The median time from a link to its re-share, in seconds; null without a re-share.' }),
  clicks: described(count, { description: 'Human clicks.' }),
  botClicks: described(count, { description: 'Bot clicks: HEAD requests, crawlers, link previews.' }),
  uniqueVisitors: described(count, { description: 'Distinct visitors with a human click on any link of the content.' }),
  seedReach: described(count, { description: 'Visitors whose first human click was on a seed link.' }),
  earnedReach: described(count, { description: 'Visitors whose first human click was on a re-share link.' }),
  earnedClicks: described(count, { description: 'Human clicks on re-share links.' }),
  amplification: described(ratio, { description: 'earnedReach / seedReach; null when seedReach is 0.' }),
  conversions: described(count, { description: 'Conversions attributed to the content.' }),
  conversionValue: described(z.number().check(z.gte(0)), { description: 'Their value, whatever the currency.' }),
  conversionValueByCurrency: described(z.record(z.string(), z.number()), { description: 'Conversion value per ISO 4217 currency.' }),
  channels: z.array(
    component(
      z.strictObject({
        channel: z.nullable(z.string()),
        links: count,
        clicks: count,
        uniqueVisitors: count,
        reshares: count,
        downstreamLinks: count,
        deepestSpread: count,
      }),
      { id: 'ChannelRow', description: `Per channel of the links (null: none), ranked by how far its shares spread (${METRICS_DOC}, Breakdowns).` },
    ),
  ),
  arrivals: z.array(
    component(z.strictObject({ channel: arrivalChannel, clicks: count, uniqueVisitors: count, reshares: count }), {
      id: 'ArrivalRow',
      description: `Per channel clicks came through (${METRICS_DOC}, Arrivals).`,
    }),
  ),
  referrers: z.array(
    component(z.strictObject({ host: z.string(), clicks: count }), { id: 'ReferrerRow', description: 'The top 10 referring hosts by human clicks.' }),
  ),
  timeline: z.array(
    component(z.strictObject({ start: timestamp, clicks: count, links: count, reshares: count }), {
      id: 'TimelineBucket',
      description: 'Hourly for the 14 days before `eventsThrough`, daily before that; only buckets with activity.',
    }),
  ),
};

export const contentReport = component(z.strictObject({ contentId, campaign: z.nullable(campaign), ...reportFields }), {
  id: 'ContentReport',
  description: `The viral metrics of a content (${METRICS_DOC}): cascade shape, K and its parts, reach, conversions, breakdowns. Before the first aggregation, all zeros with \`computedAt: null\`.`,
});
true satisfies Same<z.output<typeof contentReport>, Report & { contentId: string; campaign: string | null }>;

export const campaignReport = component(
  z.strictObject({
    campaign,
    contents: count,
    ...reportFields,
    kWindowSeconds: described(z.union([z.int().check(z.gte(1)), z.literal('all'), z.literal('per-content')]), {
      description: 'The K window, or `per-content` when the campaign\u2019s contents have different ones and no `?kWindow=` was given.',
    }),
  }),
  { id: 'CampaignReport', description: 'The campaign\u2019s contents together: counts summed, ratios recomputed from the sums (docs/contract.md \u00a76).' },
);
true satisfies Same<
  z.output<typeof campaignReport>,
  Omit<Report, 'kWindowSeconds'> & { campaign: string; contents: number; kWindowSeconds: Report['kWindowSeconds'] | 'per-content' }
>;

const cascadeNode = component(
  z.strictObject({
    code: linkCode,
    parent: z.nullable(linkCode),
    generation: count,
    sharer: z.nullable(z.string()),
    channel: z.nullable(z.string()),
    createdAt: timestamp,
    clicks: count,
    uniqueVisitors: count,
    children: described(z.array(linkCode), { description: 'The codes of the links made from this one.' }),
  }),
  { id: 'CascadeNode' },
);
true satisfies Same<z.output<typeof cascadeNode>, CascadeNode>;

export const cascadePage = component(
  z.strictObject({
    contentId,
    computedAt: nullableTimestamp,
    eventsThrough: nullableTimestamp,
    nodes: z.array(cascadeNode),
    nextCursor: z.nullable(z.string()),
  }),
  {
    id: 'CascadePage',
    description:
      'The forest as flat nodes, breadth-first (roots oldest first, a parent always before its children), a page at a time; `nextCursor` null on the last page.',
  },
);

const seriesBucket = component(
  z.strictObject({
    start: zonedTime,
    end: zonedTime,
    clicks: count,
    botClicks: count,
    newVisitors: count,
    links: count,
    reshares: count,
    conversions: count,
    conversionValueMicros: described(count, { description: 'Conversion value in millionths of the unit (an integer, exact when summed).' }),
  }),
  { id: 'SeriesBucket' },
);
true satisfies Same<z.output<typeof seriesBucket>, SeriesBucket>;

const seriesFields = {
  computedAt: nullableTimestamp,
  eventsThrough: nullableTimestamp,
  from: zonedTime,
  to: zonedTime,
  interval: z.enum(SERIES_INTERVALS),
  tz: z.string(),
  buckets: z.array(seriesBucket),
  previous: described(z.optional(z.array(seriesBucket)), { description: 'With `compare=previous`: the same-length period before, bucket for bucket.' }),
};

export const contentSeries = component(z.strictObject({ contentId, campaign: z.nullable(campaign), ...seriesFields }), {
  id: 'ContentSeries',
  description: 'Tallies over time, whole buckets aligned in `tz` (the first starts at or before `from`, the last ends at or after `to`).',
});

export const campaignSeries = component(z.strictObject({ campaign, contents: count, ...seriesFields }), {
  id: 'CampaignSeries',
  description: 'The series of the campaign\u2019s contents, summed bucket by bucket.',
});
