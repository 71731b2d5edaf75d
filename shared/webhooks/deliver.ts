import { Webhook } from 'standardwebhooks';
import { forEachLimit } from '../concurrency.js';
import { nextRetryDelayMs } from '../domain/webhooks/retry-schedule.js';
import type { DeliveryAttempt, OutboxEvent, OutboxStore } from '../store/outbox.js';
import type { WebhookStore } from '../store/webhooks.js';
import type { DeliveryOutcome } from './send-webhook.js';

export interface DeliveryDeps {
  outbox: OutboxStore;
  webhooks: WebhookStore;
  /** One signed POST to a subscriber (SSRF-checked at connect time, no redirects, bounded time). */
  send(request: { url: string; body: string; headers: Record<string, string> }): Promise<DeliveryOutcome>;
  clock: () => Date;
  random?: () => number;
  settings: {
    retrySchedule: readonly number[];
    disableAfterFailures: number;
    /** How long a claimed event is hidden from other deliverers (longer than one attempt can take). */
    claimMs: number;
    batch: number;
    concurrency: number;
  };
}

export interface DeliveryRound {
  attempted: number;
  delivered: number;
  failed: number;
}

/** Delivers every due event, a batch at a time, until none is due or `deadlineMs` passes. */
export async function deliverDue(deps: DeliveryDeps, options: { deadlineMs?: number } = {}): Promise<DeliveryRound> {
  const round: DeliveryRound = { attempted: 0, delivered: 0, failed: 0 };
  for (;;) {
    if (options.deadlineMs !== undefined && Date.now() >= options.deadlineMs) return round;
    const due = await deps.outbox.due(deps.clock(), deps.settings.batch);
    if (due.length === 0) return round;
    let progressed = false;
    await forEachLimit(due, deps.settings.concurrency, async (event) => {
      const attempt = await attemptDelivery(deps, event);
      if (!attempt) return; // another deliverer took it
      progressed = true;
      round.attempted++;
      if (attempt.outcome === 'delivered') round.delivered++;
      else round.failed++;
    });
    if (!progressed) return round;
  }
}

// One attempt at one event: claim it, sign it, send it, record what happened and what comes next.
// The event's id is its webhook-id on every attempt, so the receiver can drop repeats.
export async function attemptDelivery(deps: DeliveryDeps, event: OutboxEvent): Promise<DeliveryAttempt | null> {
  const { outbox, webhooks, settings } = deps;
  const claimed = await outbox.claim(event, new Date(deps.clock().getTime() + settings.claimMs));
  if (!claimed) return null;
  const attemptNumber = claimed.attempts + 1;
  const attemptedAt = deps.clock();
  const subscription = await webhooks.get(claimed.workspaceId, claimed.subscriptionId);

  let outcome: DeliveryOutcome;
  if (subscription?.status !== 'active') {
    const why = subscription ? `subscription disabled (${subscription.disabledReason ?? 'no reason given'})` : 'subscription deleted';
    outcome = { outcome: 'failed', responseCode: null, durationMs: 0, error: why };
  } else {
    const headers = {
      'webhook-id': claimed.eventId,
      'webhook-timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
      'webhook-signature': new Webhook(subscription.secret).sign(claimed.eventId, attemptedAt, claimed.payload),
      'user-agent': 'Ripple-Webhooks/1.0',
    };
    outcome = await deps.send({ url: subscription.url, body: claimed.payload, headers });
  }

  const retryable = subscription?.status === 'active' && outcome.outcome === 'failed';
  const delay = retryable ? nextRetryDelayMs(attemptNumber, settings.retrySchedule, deps.random) : null;
  const nextRetryAt = delay === null ? null : new Date(attemptedAt.getTime() + delay).toISOString();
  const attempt: DeliveryAttempt = {
    eventId: claimed.eventId,
    type: claimed.type,
    attempt: attemptNumber,
    outcome: outcome.outcome,
    responseCode: outcome.responseCode,
    durationMs: Math.round(outcome.durationMs),
    error: outcome.error,
    attemptedAt: attemptedAt.toISOString(),
    nextRetryAt,
  };
  const status: OutboxEvent['status'] = outcome.outcome === 'delivered' ? 'delivered' : nextRetryAt ? 'pending' : 'failed';
  await outbox.finish(claimed, attempt, { status, nextAttemptAt: nextRetryAt });

  if (subscription?.status === 'active') {
    if (outcome.outcome === 'delivered') await webhooks.resetFailures(subscription.workspaceId, subscription.id);
    else if (outcome.outcome === 'gone') await webhooks.disable(subscription.workspaceId, subscription.id, 'the endpoint answered 410 Gone');
    else if ((await webhooks.countFailure(subscription.workspaceId, subscription.id)) >= settings.disableAfterFailures) {
      await webhooks.disable(subscription.workspaceId, subscription.id, `${settings.disableAfterFailures} deliveries failed in a row`);
    }
  }
  return attempt;
}
