// The values every shape below is made of, each a component of the document with its example.
import { SHARE_CHANNELS } from '../domain/arrival-channel.js';
import { campaignName } from '../domain/content.js';
import { CONTENT_ID_PATTERN, LINK_CODE_PATTERN, SHARE_ID_PATTERN, WEBHOOK_ID_PATTERN } from '../domain/ids.js';
import { THRESHOLD_METRICS } from '../domain/webhooks/threshold-metrics.js';
import * as z from '../domain/zod.js';
import { component, described } from './schema-kit.js';

export const SAMPLE = {
  contentId: 'cnt_V1StGXR8_Z5jdHi6Bmy0T',
  otherContentId: 'cnt_Uakgb_J5m9g-0JDMbcJqL',
  seedCode: 'aB3dE5fG7h',
  childCode: 'Qm9xT2pL4s',
  webhookId: 'wh_4f90d13a42_Gh7xQp2Lsk',
  shareId: 'shr_9yPq2c-ZtK3mW8xRv1LbN',
  shareToken: 'rshr_Zk3x9PqL2mV8nR4tY6wB1cD5fG7hJ0sA',
  visitorId: 'h_Xq3v9Lm2Pz8Rt4Wn6Yb1Kc',
  eventId: 'evt_Lx9q2ZpT4mV8nR1wY6bK3cD5',
  testEventId: 'evt_test_p9Lq2Xz4Rt8Wn6Yb1Kc3Vm',
  baseUrl: 'https://rpl.example.com',
  createdAt: '2026-03-02T09:15:00.000Z',
} as const;

/** Where the sample resources live (the examples' `Location` headers). */
export const SAMPLE_PATHS = {
  content: `/v1/contents/${SAMPLE.contentId}`,
  link: `/v1/links/${SAMPLE.seedCode}`,
  webhook: `/v1/webhooks/${SAMPLE.webhookId}`,
};

export const timestamp = component(z.iso.datetime(), {
  id: 'Timestamp',
  description: 'An instant in UTC, ISO 8601 with milliseconds (as `Date.prototype.toISOString` writes it).',
  example: SAMPLE.createdAt,
});

export const zonedTime = component(z.iso.datetime({ offset: true }), {
  id: 'ZonedTime',
  description: 'An instant as the local time of the request\u2019s `tz`, ISO 8601 with its UTC offset.',
  example: '2026-03-29T00:00:00+01:00',
});

export const contentId = component(z.string().check(z.regex(CONTENT_ID_PATTERN)), {
  id: 'ContentId',
  description: 'A content\u2019s id: `cnt_` and 21 URL-safe characters.',
  example: SAMPLE.contentId,
});

export const linkCode = component(z.string().check(z.regex(LINK_CODE_PATTERN)), {
  id: 'LinkCode',
  description: 'A share link\u2019s short code: 8 to 32 letters and digits (10 when Ripple mints it).',
  example: SAMPLE.seedCode,
});

export const webhookId = component(z.string().check(z.regex(WEBHOOK_ID_PATTERN)), {
  id: 'WebhookId',
  description: 'A webhook subscription\u2019s id: `wh_` and 21 URL-safe characters.',
  example: SAMPLE.webhookId,
});

export const shareId = component(z.string().check(z.regex(SHARE_ID_PATTERN)), {
  id: 'ShareId',
  description: 'A read-only report link\u2019s id: `shr_` and 21 URL-safe characters.',
  example: SAMPLE.shareId,
});

// A copy: the content schema's own instance is left as the handlers parse with it.
export const campaign = component(described(campaignName, {}), {
  id: 'CampaignName',
  description: 'A campaign label: 1\u201364 letters, digits, `_`, `.` or `-`, starting with a letter or digit.',
  example: 'spring',
});

export const absoluteUrl = component(z.string().check(z.regex(/^https?:\/\//)), {
  id: 'AbsoluteUrl',
  description: 'An absolute http(s) URL, normalised (as the WHATWG URL parser writes it).',
  example: 'https://shop.example.com/spring?utm_source=mail#buy',
});

export const count = component(z.int().check(z.gte(0)), { id: 'Count', description: 'A whole number, 0 or more.', example: 3 });

/** A ratio or a mean: null when there is nothing to divide by (docs/metrics.md). */
export const ratio = component(z.nullable(z.number().check(z.gte(0))), {
  id: 'Ratio',
  description: 'A ratio, or `null` when its denominator is 0 (docs/metrics.md).',
  example: 1.25,
});

export const arrivalChannel = component(z.enum([...SHARE_CHANNELS, 'other', 'direct']), {
  id: 'ArrivalChannel',
  description:
    'The channel a click came through: the share button\u2019s `?via=` marker, `other` for an unknown one, `direct` for none (docs/metrics.md, Arrivals).',
  example: 'whatsapp',
});

export const thresholdMetric = component(z.enum(THRESHOLD_METRICS), {
  id: 'ThresholdMetric',
  description: 'A numeric report field a webhook threshold can watch.',
  example: 'kFactor',
});
