// The resources the API answers with, shape for shape the view builders of shared/http/views.ts
// (and the operations' own); `Same` below makes a field added to a view fail to compile here.
import type { DeliveryAttempt } from '../store/outbox.js';
import type { contentView, conversionView, linkView, publicLinkView, shareView, webhookView } from '../http/views.js';
import type { LinkCounts } from '../domain/aggregate/link-counts.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhooks/subscription.js';
import * as z from '../domain/zod.js';
import { component, type Same } from './schema-kit.js';
import { absoluteUrl, campaign, contentId, count, linkCode, shareId, thresholdMetric, timestamp, webhookId } from './values.js';

const nullableText = z.nullable(z.string());

export const content = component(
  z.strictObject({
    id: contentId,
    url: absoluteUrl,
    title: nullableText,
    campaign: z.nullable(campaign),
    refParam: z.string(),
    kWindowSeconds: z.int().check(z.gte(1)),
    active: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  { id: 'Content', description: 'A destination URL its share links lead to; `active: false` makes its links answer 410.' },
);
true satisfies Same<z.output<typeof content>, ReturnType<typeof contentView>>;

const utm = component(
  z.strictObject({
    source: z.optional(z.string()),
    medium: z.optional(z.string()),
    campaign: z.optional(z.string()),
    term: z.optional(z.string()),
    content: z.optional(z.string()),
  }),
  { id: 'Utm', description: 'The `utm_*` parameters the redirect adds to the destination.' },
);

const linkFields = {
  code: linkCode,
  shortUrl: absoluteUrl,
  contentId,
  parent: z.nullable(linkCode),
  rootCode: linkCode,
  generation: count,
  sharer: nullableText,
  channel: nullableText,
  utm: z.nullable(utm),
};

export const link = component(z.strictObject({ ...linkFields, createdByVisitor: nullableText, createdAt: timestamp }), {
  id: 'Link',
  description:
    'A share link: a seed link (`parent: null`, generation 0) or a re-share link one generation below its parent. `createdByVisitor` is the visitor who made a public re-share, null for links minted with a key.',
});
true satisfies Same<z.output<typeof link>, ReturnType<typeof linkView>>;

export const publicLink = component(z.strictObject({ ...linkFields, createdAt: timestamp }), {
  id: 'PublicLink',
  description: 'A link as the public re-share answers it: without the visitor who made it.',
});
true satisfies Same<z.output<typeof publicLink>, ReturnType<typeof publicLinkView>>;

export const linkWithCounts = component(
  z.strictObject({
    ...link._zod.def.shape,
    clicks: count,
    botClicks: count,
    uniqueVisitors: count,
    reshares: count,
    countsAsOf: z.literal('live'),
  }),
  {
    id: 'LinkWithCounts',
    description: 'A link with its live, exact counts: its aggregated tally plus the clicks since the last aggregation; `reshares` are its direct children.',
  },
);
true satisfies Same<z.output<typeof linkWithCounts>, ReturnType<typeof linkView> & LinkCounts & { reshares: number; countsAsOf: 'live' }>;

const threshold = component(
  z.strictObject({
    metric: thresholdMetric,
    gte: z.number(),
    minMatureLinks: z.optional(count),
  }),
  { id: 'Threshold', description: 'Fires once when the report field `metric` reaches `gte` (with at least `minMatureLinks` mature re-share links, if given).' },
);

export const webhook = component(
  z.strictObject({
    id: webhookId,
    url: absoluteUrl,
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    thresholds: z.array(threshold),
    contentId: z.nullable(contentId),
    campaign: z.nullable(campaign),
    status: z.enum(['active', 'disabled']),
    disabledReason: nullableText,
    createdAt: timestamp,
  }),
  { id: 'Webhook', description: 'A webhook subscription, never with its secret after creation.' },
);
// `events` holds only the types one can subscribe to; the type allows `webhook.test`, which is sent whatever they say.
true satisfies Same<Omit<z.output<typeof webhook>, 'events'>, Omit<ReturnType<typeof webhookView>, 'events'>>;

export const createdWebhook = component(z.strictObject({ ...webhook._zod.def.shape, secret: z.string().check(z.regex(/^whsec_[A-Za-z0-9+/=]+$/)) }), {
  id: 'CreatedWebhook',
  description: 'A new subscription with its Standard Webhooks signing secret (`whsec_…`), shown only in this answer.',
});

export const deletedWebhook = component(z.strictObject({ id: webhookId, deleted: z.literal(true) }), {
  id: 'DeletedWebhook',
  description: 'The subscription is gone.',
});

export const deliveryAttempt = component(
  z.strictObject({
    eventId: z.string(),
    type: z.enum([...WEBHOOK_EVENT_TYPES, 'webhook.test']),
    attempt: z.int().check(z.gte(1)),
    outcome: z.enum(['delivered', 'failed', 'gone']),
    responseCode: z.nullable(z.int()),
    durationMs: count,
    error: nullableText,
    attemptedAt: timestamp,
    nextRetryAt: z.nullable(timestamp),
  }),
  {
    id: 'DeliveryAttempt',
    description:
      'One attempt to deliver an event: `delivered` (a 2xx within 15 s), `failed` (retried at `nextRetryAt`, null after the last) or `gone` (a 410, which disabled the subscription).',
  },
);
true satisfies Same<z.output<typeof deliveryAttempt>, DeliveryAttempt>;

export const webhookTestAnswer = component(z.strictObject({ eventId: z.string(), attempt: z.nullable(deliveryAttempt) }), {
  id: 'WebhookTestSent',
  description: 'The test event and its first attempt, made before answering (null if another deliverer took it first).',
});

export const conversion = component(
  z.strictObject({
    externalId: z.string(),
    code: z.nullable(linkCode),
    visitor: nullableText,
    contentId: z.nullable(contentId),
    value: z.number().check(z.gte(0)),
    currency: nullableText,
    createdAt: timestamp,
  }),
  {
    id: 'Conversion',
    description:
      'A conversion, attributed to its link (`code`) at once, or to the content of its `visitor`\u2019s latest click when aggregated (`contentId` null until then).',
  },
);
true satisfies Same<z.output<typeof conversion>, ReturnType<typeof conversionView>>;

const shareFields = {
  id: shareId,
  contentId,
  label: nullableText,
  createdAt: timestamp,
  expiresAt: z.nullable(timestamp),
};

export const share = component(z.strictObject(shareFields), {
  id: 'Share',
  description: 'A read-only report link, as listings show it: never its token or URL.',
});
true satisfies Same<z.output<typeof share>, ReturnType<typeof shareView>>;

export const createdShare = component(z.strictObject({ ...shareFields, url: absoluteUrl, token: z.string().check(z.regex(/^rshr_[0-9A-Za-z]{32}$/)) }), {
  id: 'CreatedShare',
  description: 'A new read-only report link: `url` (`…/app/r/<token>`) and `token` are shown only in this answer.',
});

/** A list's page: newest first, `nextCursor` null on the last (docs/contract.md §2). */
export const pageOf = (item: z.ZodMiniType, id: string, what: string) =>
  component(z.strictObject({ items: z.array(item), nextCursor: z.nullable(z.string()) }), {
    id,
    description: `A page of ${what}, newest first. Pass \`nextCursor\` as \`?cursor=\` for the next page; it is null on the last.`,
  });
