import type { Report } from '../report.js';
import type { Threshold } from './subscription.js';

// The bodies Ripple signs and sends (docs/contract.md §4): `{type, timestamp, data}`.
export function thresholdCrossedPayload(input: {
  at: Date;
  content: { id: string; campaign: string | null };
  threshold: Threshold;
  value: number;
  report: Report & Record<string, unknown>;
}): string {
  return JSON.stringify({
    type: 'content.threshold_crossed',
    timestamp: input.at.toISOString(),
    data: {
      contentId: input.content.id,
      campaign: input.content.campaign,
      metric: input.threshold.metric,
      threshold: input.threshold.gte,
      ...(input.threshold.minMatureLinks === undefined ? {} : { minMatureLinks: input.threshold.minMatureLinks }),
      value: input.value,
      report: input.report,
    },
  });
}

export function testPayload(input: { at: Date; subscriptionId: string }): string {
  return JSON.stringify({
    type: 'webhook.test',
    timestamp: input.at.toISOString(),
    data: { subscriptionId: input.subscriptionId, message: 'A test event from Ripple: your endpoint verified its signature.' },
  });
}
