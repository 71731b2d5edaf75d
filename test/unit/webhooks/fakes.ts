import type { Subscription } from '../../../shared/domain/webhooks/subscription.js';
import type { DeliveryAttempt, OutboxEvent, OutboxStore } from '../../../shared/store/outbox.js';
import type { WebhookStore } from '../../../shared/store/webhooks.js';

// In-memory stand-ins for the outbox and subscription stores, with the same conditional
// semantics (claim only a pending event whose attempt count and due time are unchanged; finish
// only the attempt that was claimed), for testing delivery logic without a table.
export function memoryOutbox(): OutboxStore & { events: Map<string, OutboxEvent>; log: DeliveryAttempt[] } {
  const events = new Map<string, OutboxEvent>();
  const log: DeliveryAttempt[] = [];
  return {
    events,
    log,
    async enqueue(event) {
      if (events.has(event.eventId)) return false;
      events.set(event.eventId, { ...event });
      return true;
    },
    async get(_workspaceId, _subscriptionId, eventId) {
      const event = events.get(eventId);
      return event ? { ...event } : null;
    },
    async due(now, limit) {
      return [...events.values()]
        .filter((event) => event.status === 'pending' && event.nextAttemptAt !== null && event.nextAttemptAt <= now.toISOString())
        .sort((a, b) => String(a.nextAttemptAt).localeCompare(String(b.nextAttemptAt)))
        .slice(0, limit)
        .map((event) => ({ ...event }));
    },
    async claim(event, until) {
      const stored = events.get(event.eventId);
      if (stored?.status !== 'pending' || stored.nextAttemptAt !== event.nextAttemptAt || stored.attempts !== event.attempts) return null;
      stored.nextAttemptAt = until.toISOString();
      return { ...stored };
    },
    async finish(event, attempt, next) {
      log.push(attempt);
      const stored = events.get(event.eventId);
      if (!stored || stored.attempts !== attempt.attempt - 1) return false;
      Object.assign(stored, { status: next.status, nextAttemptAt: next.nextAttemptAt, attempts: attempt.attempt, lastError: attempt.error });
      return true;
    },
    async attempts() {
      return { items: [...log].reverse(), nextCursor: null };
    },
  };
}

export function memoryWebhooks(initial: Subscription[] = []): WebhookStore & { failures: Map<string, number>; all: Map<string, Subscription> } {
  const all = new Map(initial.map((subscription) => [subscription.id, { ...subscription }]));
  const failures = new Map<string, number>();
  return {
    all,
    failures,
    async insert(subscription) {
      all.set(subscription.id, { ...subscription });
    },
    async get(workspaceId, id) {
      const found = all.get(id);
      return found && found.workspaceId === workspaceId ? { ...found } : null;
    },
    async list() {
      return { items: [...all.values()], nextCursor: null };
    },
    async active(workspaceId) {
      return [...all.values()].filter((subscription) => subscription.workspaceId === workspaceId && subscription.status === 'active');
    },
    async remove(_workspaceId, id) {
      return all.delete(id);
    },
    async disable(_workspaceId, id, reason) {
      const found = all.get(id);
      if (found && found.status === 'active') Object.assign(found, { status: 'disabled', disabledReason: reason });
    },
    async countFailure(_workspaceId, id) {
      if (!all.has(id)) return 0;
      const count = (failures.get(id) ?? 0) + 1;
      failures.set(id, count);
      return count;
    },
    async resetFailures(_workspaceId, id) {
      failures.set(id, 0);
    },
  };
}
