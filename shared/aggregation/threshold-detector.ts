import type { Content } from '../domain/content.js';
import type { Report } from '../domain/report.js';
import { thresholdCrossedPayload } from '../domain/webhooks/event-payload.js';
import { type Subscription, thresholdEventId, watches } from '../domain/webhooks/subscription.js';
import { crossedThresholds } from '../domain/webhooks/thresholds.js';
import { type OutboxStore, pendingEvent } from '../store/outbox.js';
import type { WebhookStore } from '../store/webhooks.js';

export interface ThresholdDetector {
  /** Forgets what the previous run read (subscriptions, contents). */
  startRun(): void;
  /** Checks a content's thresholds on its new report, before the report is committed. */
  evaluate(input: { workspaceId: string; content: Content; report: Report; matureLinks: number; now: Date }): Promise<void>;
}

// Subscriptions change rarely: a run reads each workspace's subscriptions once (a long run, once a
// minute at most).
const CACHE_MS = 60_000;

// docs/contract.md §4: `content.threshold_crossed` once per (subscription, content, metric, threshold). The
// event's id is derived from exactly those and stored with a conditional put, so detecting the
// same crossing again — another run, a retry, a rerun after a crash — stores nothing new. It is
// checked before the content's commit: a crash between the two only repeats the check. The report
// is the one the commit stores (K as its re-share links mature is refreshed by the maturity pass).
export function makeThresholdDetector(deps: { webhooks: Pick<WebhookStore, 'active'>; outbox: Pick<OutboxStore, 'enqueue'> }): ThresholdDetector {
  const subscriptions = new Map<string, { at: number; value: Promise<Subscription[]> }>();
  const cached = <T>(cache: Map<string, { at: number; value: Promise<T> }>, key: string, load: () => Promise<T>) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = load();
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return value;
  };

  return {
    startRun() {
      subscriptions.clear();
    },

    async evaluate({ workspaceId, content, report: contentReport, matureLinks, now }) {
      const active = await cached(subscriptions, workspaceId, () => deps.webhooks.active(workspaceId));
      const watching = active.filter((subscription) => watches(subscription, content));
      if (watching.length === 0) return;
      const report = { contentId: content.id, campaign: content.campaign, ...contentReport };
      for (const subscription of watching) {
        for (const { threshold, value } of crossedThresholds(subscription.thresholds, report, matureLinks)) {
          await deps.outbox.enqueue(
            pendingEvent(
              {
                eventId: thresholdEventId(subscription.id, content.id, threshold),
                workspaceId,
                subscriptionId: subscription.id,
                type: 'content.threshold_crossed',
                payload: thresholdCrossedPayload({ at: now, content, threshold, value, report }),
              },
              now,
            ),
          );
        }
      }
    },
  };
}
