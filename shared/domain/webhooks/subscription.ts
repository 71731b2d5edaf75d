import { createHash, randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import { campaignName } from '../content.js';
import { storableNumber } from '../storable-number.js';
import * as z from '../zod.js';
import { THRESHOLD_METRICS, type ThresholdMetric } from './threshold-metrics.js';

export { THRESHOLD_METRICS, type ThresholdMetric };

export const WEBHOOK_EVENT_TYPES = ['content.threshold_crossed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | 'webhook.test';

export interface Threshold {
  metric: ThresholdMetric;
  gte: number;
  /** Only with at least this many mature re-share links (meaningful for K and its parts). */
  minMatureLinks?: number;
}

// docs/contract.md §4: kFactor ≥ 1 once at least 10 re-share links are mature.
export const DEFAULT_THRESHOLDS: readonly Threshold[] = [{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }];

export interface Subscription {
  id: string;
  workspaceId: string;
  url: string;
  events: WebhookEventType[];
  thresholds: Threshold[];
  contentId: string | null;
  campaign: string | null;
  /** Standard Webhooks signing secret, `whsec_<base64>`. */
  secret: string;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  createdAt: string;
}

const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' }).check(
  z.maxLength(2048),
  z.refine((raw) => !URL.canParse(raw) || (new URL(raw).username === '' && new URL(raw).password === ''), 'must not contain a user name or password'),
);

const threshold = z.strictObject({
  metric: z.enum(THRESHOLD_METRICS),
  gte: z.number().check(z.gte(-1e12), z.lte(1e12), storableNumber),
  minMatureLinks: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
});

export const createSubscriptionInput = z.strictObject({
  url: webhookUrl,
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).check(z.minLength(1), z.maxLength(WEBHOOK_EVENT_TYPES.length)),
  thresholds: z.optional(z.array(threshold).check(z.minLength(1), z.maxLength(20))),
  contentId: z.optional(z.string().check(z.regex(/^cnt_[A-Za-z0-9_-]{21}$/, 'must be a content id'))),
  campaign: z.optional(campaignName),
});
export type CreateSubscriptionInput = z.output<typeof createSubscriptionInput>;

export function newSubscription(workspaceId: string, input: CreateSubscriptionInput, now: Date): Subscription {
  return {
    id: `wh_${nanoid()}`,
    workspaceId,
    url: new URL(input.url).href,
    events: [...new Set(input.events)],
    thresholds: input.thresholds ?? [...DEFAULT_THRESHOLDS],
    contentId: input.contentId ?? null,
    campaign: input.campaign ?? null,
    secret: `whsec_${randomBytes(24).toString('base64')}`,
    status: 'active',
    disabledReason: null,
    createdAt: now.toISOString(),
  };
}

/** Whether a subscription watches a content: its filter (content or campaign), if any, matches. */
export function watches(subscription: Subscription, content: { id: string; campaign: string | null }): boolean {
  if (subscription.status !== 'active' || !subscription.events.includes('content.threshold_crossed')) return false;
  if (subscription.contentId !== null && subscription.contentId !== content.id) return false;
  if (subscription.campaign !== null && subscription.campaign !== content.campaign) return false;
  return true;
}

// docs/contract.md §4: one event per (subscription, content, metric, threshold), however often it is detected:
// its id is derived from exactly those, so storing it is idempotent.
export function thresholdEventId(subscriptionId: string, contentId: string, threshold: Threshold): string {
  const digest = createHash('sha256').update(`${subscriptionId}\n${contentId}\n${threshold.metric}\n${threshold.gte}\n${threshold.minMatureLinks ?? ''}`);
  return `evt_${digest.digest('base64url').slice(0, 24)}`;
}
