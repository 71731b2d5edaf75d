// One small, consistent world the examples describe: a content shared by alice on X, re-shared by
// ben (WhatsApp) and cy (copied link), and ben's link re-shared again by dee. Resources are built
// by the server's own view builders, CSV by its own writers, events by its own payload builders.
import type { Content } from '../domain/content.js';
import type { Link } from '../domain/link.js';
import type { Report } from '../domain/report.js';
import type { SeriesBucket } from '../domain/series/buckets.js';
import { seriesCsv } from '../domain/series/series-csv.js';
import { testPayload, thresholdCrossedPayload } from '../domain/webhooks/event-payload.js';
import type { Subscription } from '../domain/webhooks/subscription.js';
import { reportCsv } from '../http/report-csv.js';
import { contentView, conversionView, linkView, publicLinkView, shareView, webhookView } from '../http/views.js';
import type { DeliveryAttempt } from '../store/outbox.js';
import { SAMPLE } from './values.js';

const content: Content = {
  id: SAMPLE.contentId,
  workspaceId: 'ws_example',
  url: 'https://shop.example.com/spring?utm_source=mail#buy',
  title: 'Spring sale',
  campaign: 'spring',
  refParam: 'ref',
  kWindowSeconds: 86_400,
  active: true,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
};

const seed: Link = {
  code: SAMPLE.seedCode,
  workspaceId: content.workspaceId,
  contentId: content.id,
  parent: null,
  rootCode: SAMPLE.seedCode,
  generation: 0,
  sharer: 'alice',
  channel: 'x',
  utm: { source: 'x', medium: 'social' },
  creatorVisitorId: null,
  createdAt: SAMPLE.createdAt,
};

const child: Link = {
  ...seed,
  code: SAMPLE.childCode,
  parent: SAMPLE.seedCode,
  generation: 1,
  sharer: 'ben',
  channel: 'whatsapp',
  utm: null,
  creatorVisitorId: SAMPLE.visitorId,
  createdAt: '2026-03-02T10:15:00.000Z',
};

export const contentExample = contentView(content);
export const linkExample = linkView(seed, SAMPLE.baseUrl);
export const childLinkExample = linkView(child, SAMPLE.baseUrl);
export const publicLinkExample = publicLinkView(child, SAMPLE.baseUrl);
export const linkWithCountsExample = { ...linkExample, clicks: 4, botClicks: 1, uniqueVisitors: 3, reshares: 2, countsAsOf: 'live' as const };

const subscription: Subscription = {
  id: SAMPLE.webhookId,
  workspaceId: content.workspaceId,
  url: 'https://hooks.example.com/ripple',
  events: ['content.threshold_crossed'],
  thresholds: [{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }],
  contentId: null,
  campaign: 'spring',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  status: 'active',
  disabledReason: null,
  createdAt: SAMPLE.createdAt,
};

export const webhookExample = webhookView(subscription);
export const createdWebhookExample = { ...webhookExample, secret: subscription.secret };

export const deliveryAttemptExample: DeliveryAttempt = {
  eventId: SAMPLE.eventId,
  type: 'content.threshold_crossed',
  attempt: 2,
  outcome: 'delivered',
  responseCode: 204,
  durationMs: 87,
  error: null,
  attemptedAt: '2026-03-03T14:02:05.000Z',
  nextRetryAt: null,
};

export const webhookTestExample = {
  eventId: SAMPLE.testEventId,
  attempt: { ...deliveryAttemptExample, eventId: SAMPLE.testEventId, type: 'webhook.test' as const, attempt: 1 },
};

export const conversionExample = conversionView({
  workspaceId: content.workspaceId,
  externalId: 'order-1001',
  code: SAMPLE.childCode,
  visitorId: null,
  contentId: content.id,
  value: 49.9,
  currency: 'EUR',
  createdAt: '2026-03-02T11:30:00.000Z',
});

const share = {
  id: SAMPLE.shareId,
  workspaceId: content.workspaceId,
  contentId: content.id,
  tokenHash: '',
  label: 'For the agency',
  createdAt: SAMPLE.createdAt,
  expiresAt: '2026-12-31T23:59:59.000Z',
};
export const shareExample = shareView(share);
export const createdShareExample = { ...shareExample, url: `${SAMPLE.baseUrl}/app/r/${SAMPLE.shareToken}`, token: SAMPLE.shareToken };

export const pageExample = <T>(items: T[]) => ({ items, nextCursor: null });

// alice's seed (X) → ben (WhatsApp) → dee (WhatsApp), and alice's → cy (copy): worked by hand as in
// docs/metrics.md, every re-share link mature in the day's window.
export const reportExample: Report = {
  computedAt: '2026-03-04T12:00:04.512Z',
  eventsThrough: '2026-03-04T12:00:00.000Z',
  kWindowSeconds: 86_400,
  links: 4,
  seedLinks: 1,
  reshares: 3,
  generationSizes: [1, 2, 1],
  depth: 2,
  maxBreadth: 2,
  seedFanout: 2,
  kFactor: 1 / 3,
  invitesPerShare: 2,
  reshareRate: 1 / 6,
  perGeneration: [
    { generation: 0, links: 1, clicks: 4, uniqueVisitors: 3, k: 2 },
    { generation: 1, links: 2, clicks: 6, uniqueVisitors: 5, k: 0.5 },
    { generation: 2, links: 1, clicks: 2, uniqueVisitors: 1, k: 0 },
  ],
  structuralVirality: 10 / 6,
  largestCascade: { rootCode: SAMPLE.seedCode, size: 4, depth: 2, structuralVirality: 10 / 6 },
  viralCycleTimeSeconds: 5_400,
  clicks: 12,
  botClicks: 3,
  uniqueVisitors: 9,
  seedReach: 3,
  earnedReach: 6,
  earnedClicks: 8,
  amplification: 2,
  conversions: 2,
  conversionValue: 99.8,
  conversionValueByCurrency: { EUR: 99.8 },
  channels: [
    { channel: 'x', links: 1, clicks: 4, uniqueVisitors: 3, reshares: 2, downstreamLinks: 3, deepestSpread: 2 },
    { channel: 'whatsapp', links: 2, clicks: 7, uniqueVisitors: 5, reshares: 1, downstreamLinks: 1, deepestSpread: 1 },
    { channel: 'copy', links: 1, clicks: 1, uniqueVisitors: 1, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
  ],
  arrivals: [
    { channel: 'whatsapp', clicks: 6, uniqueVisitors: 5, reshares: 2 },
    { channel: 'direct', clicks: 5, uniqueVisitors: 3, reshares: 1 },
    { channel: 'copy', clicks: 1, uniqueVisitors: 1, reshares: 0 },
  ],
  referrers: [{ host: 'l.instagram.com', clicks: 3 }],
  timeline: [
    { start: '2026-03-02T09:00:00.000Z', clicks: 4, links: 1, reshares: 0 },
    { start: '2026-03-02T10:00:00.000Z', clicks: 5, links: 2, reshares: 2 },
    { start: '2026-03-02T11:00:00.000Z', clicks: 3, links: 1, reshares: 1 },
  ],
};

export const contentReportExample = { contentId: content.id, campaign: content.campaign, ...reportExample };
export const campaignReportExample = { campaign: 'spring', contents: 2, ...reportExample, kWindowSeconds: 'per-content' as const };
export const reportCsvExample = reportCsv(contentReportExample);
export const campaignReportCsvExample = reportCsv(campaignReportExample);

export const cascadePageExample = {
  contentId: content.id,
  computedAt: reportExample.computedAt,
  eventsThrough: reportExample.eventsThrough,
  nodes: [
    {
      code: SAMPLE.seedCode,
      parent: null,
      generation: 0,
      sharer: 'alice',
      channel: 'x',
      createdAt: SAMPLE.createdAt,
      clicks: 4,
      uniqueVisitors: 3,
      children: [SAMPLE.childCode, 'Cy7kP2xW9q'],
    },
    {
      code: SAMPLE.childCode,
      parent: SAMPLE.seedCode,
      generation: 1,
      sharer: 'ben',
      channel: 'whatsapp',
      createdAt: child.createdAt,
      clicks: 5,
      uniqueVisitors: 4,
      children: ['Dz4mQ8vN1r'],
    },
    {
      code: 'Cy7kP2xW9q',
      parent: SAMPLE.seedCode,
      generation: 1,
      sharer: 'cy',
      channel: 'copy',
      createdAt: '2026-03-02T10:45:00.000Z',
      clicks: 1,
      uniqueVisitors: 1,
      children: [],
    },
    {
      code: 'Dz4mQ8vN1r',
      parent: SAMPLE.childCode,
      generation: 2,
      sharer: 'dee',
      channel: 'whatsapp',
      createdAt: '2026-03-02T11:45:00.000Z',
      clicks: 2,
      uniqueVisitors: 1,
      children: [],
    },
  ],
  nextCursor: null,
};

const buckets: SeriesBucket[] = [
  {
    start: '2026-03-02T00:00:00+01:00',
    end: '2026-03-03T00:00:00+01:00',
    clicks: 12,
    botClicks: 3,
    newVisitors: 9,
    links: 4,
    reshares: 3,
    conversions: 1,
    conversionValueMicros: 49_900_000,
  },
  {
    start: '2026-03-03T00:00:00+01:00',
    end: '2026-03-04T00:00:00+01:00',
    clicks: 0,
    botClicks: 0,
    newVisitors: 0,
    links: 0,
    reshares: 0,
    conversions: 1,
    conversionValueMicros: 49_900_000,
  },
];
const seriesRange = { from: '2026-03-02T00:00:00+01:00', to: '2026-03-04T00:00:00+01:00', interval: 'day' as const, tz: 'Europe/Berlin', buckets };
const seriesTimes = { computedAt: reportExample.computedAt, eventsThrough: reportExample.eventsThrough };

export const contentSeriesExample = { contentId: content.id, campaign: content.campaign, ...seriesTimes, ...seriesRange };
export const campaignSeriesExample = { campaign: 'spring', contents: 2, ...seriesTimes, ...seriesRange };
export const seriesCsvExample = seriesCsv(buckets);

const eventAt = new Date('2026-03-04T12:00:04.512Z');
export const thresholdCrossedExample = JSON.parse(
  thresholdCrossedPayload({ at: eventAt, content, threshold: { metric: 'reshares', gte: 3 }, value: 3, report: contentReportExample }),
) as unknown;
export const webhookTestEventExample = JSON.parse(testPayload({ at: eventAt, subscriptionId: SAMPLE.webhookId })) as unknown;
