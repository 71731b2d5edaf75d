import type { ContentAggregate } from '../domain/aggregate/content-aggregate.js';
import type { Content } from '../domain/content.js';
import { finalizeReport, reportParts } from '../domain/report.js';
import { thresholdCrossedPayload } from '../domain/webhooks/event-payload.js';
import { type Subscription, thresholdEventId, watches } from '../domain/webhooks/subscription.js';
import { crossedThresholds } from '../domain/webhooks/thresholds.js';
import type { ContentStore } from '../store/contents.js';
import type { MaturityWatchStore } from '../store/maturity-watch.js';
import { type OutboxStore, pendingEvent } from '../store/outbox.js';
import type { WebhookStore } from '../store/webhooks.js';

export interface ThresholdDetector {
  /** Forgets what the previous run read (subscriptions, contents). */
  startRun(): void;
  /** Checks a content's thresholds on its new aggregate, before that aggregate is committed. */
  evaluate(input: { workspaceId: string; contentId: string; aggregate: ContentAggregate; eventsThrough: string; now: Date }): Promise<void>;
}

// Metrics that change as re-share links mature, with no new event.
const TIME_DEPENDENT = new Set(['kFactor', 'invitesPerShare', 'reshareRate']);
// Subscriptions and contents change rarely: a run reads each workspace's subscriptions and each
// content once (a long run, once a minute at most).
const CACHE_MS = 60_000;

// SPEC §4: `content.threshold_crossed` once per (subscription, content, metric, threshold). The
// event's id is derived from exactly those and stored with a conditional put, so detecting the
// same crossing again — another run, a retry, a rerun after a crash — stores nothing new. It is
// checked before the content's commit: a crash between the two only repeats the check.
export function makeThresholdDetector(deps: {
  webhooks: Pick<WebhookStore, 'active'>;
  contents: Pick<ContentStore, 'get'>;
  outbox: Pick<OutboxStore, 'enqueue'>;
  watch: Pick<MaturityWatchStore, 'watch'>;
}): ThresholdDetector {
  const subscriptions = new Map<string, { at: number; value: Promise<Subscription[]> }>();
  const contents = new Map<string, { at: number; value: Promise<Content | null> }>();
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
      contents.clear();
    },

    async evaluate({ workspaceId, contentId, aggregate, eventsThrough, now }) {
      const active = await cached(subscriptions, workspaceId, () => deps.webhooks.active(workspaceId));
      if (active.length === 0) return;
      const content = await cached(contents, `${workspaceId}\n${contentId}`, () => deps.contents.get(workspaceId, contentId));
      if (!content) return;
      const watching = active.filter((subscription) => watches(subscription, content));
      if (watching.length === 0) return;

      const windowMs = content.kWindowSeconds * 1000;
      const eventsThroughMs = Date.parse(eventsThrough);
      const parts = reportParts(aggregate, { windowMs, eventsThroughMs });
      const report = {
        contentId: content.id,
        campaign: content.campaign,
        ...finalizeReport(parts, { computedAt: now.toISOString(), eventsThrough, kWindowSeconds: content.kWindowSeconds }),
      };
      for (const subscription of watching) {
        for (const { threshold, value } of crossedThresholds(subscription.thresholds, report, parts.cascade.matureLinks)) {
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

      // Look again when the next re-share link matures, if a threshold could cross by then.
      const timeBound = watching.some((subscription) =>
        subscription.thresholds.some((threshold) => TIME_DEPENDENT.has(threshold.metric) || threshold.minMatureLinks !== undefined),
      );
      if (!timeBound) return;
      let nextMaturity = Number.POSITIVE_INFINITY;
      for (const link of aggregate.links) {
        const maturesAt = link.createdAtMs + windowMs;
        if (!link.pending && link.generation > 0 && maturesAt > eventsThroughMs) nextMaturity = Math.min(nextMaturity, maturesAt);
      }
      if (Number.isFinite(nextMaturity)) {
        await deps.watch.watch({ dueAt: new Date(nextMaturity).toISOString(), workspaceId, contentId });
      }
    },
  };
}
