import type { ThresholdMetric } from '../../../shared/domain/webhooks/threshold-metrics.js';

export type Scope = 'all' | 'content' | 'campaign';

/** The subscribe form's inputs, as typed. */
export interface SubscribeFields {
  url: string;
  metric: ThresholdMetric;
  gte: string;
  minMatureLinks: string;
  scope: Scope;
  /** The content id or campaign name of a narrowed scope. */
  target: string;
}

// POST /v1/webhooks's body (createSubscriptionInput in shared/domain/webhooks/subscription.ts):
// one threshold, on the one event type there is. Nothing is validated here: the API does, and
// its issues are shown beside the form. An empty number is left out, so the API says it is missing.
export function subscriptionBody(fields: SubscribeFields) {
  const minMatureLinks = numberOf(fields.minMatureLinks);
  const threshold = { metric: fields.metric, gte: numberOf(fields.gte), ...(minMatureLinks === undefined ? {} : { minMatureLinks }) };
  const target = fields.target.trim();
  const scope = fields.scope === 'content' ? { contentId: target } : fields.scope === 'campaign' ? { campaign: target } : {};
  return { url: fields.url.trim(), events: ['content.threshold_crossed'], thresholds: [threshold], ...scope };
}

const numberOf = (text: string) => (text.trim() === '' ? undefined : Number(text));
