import type { DeliveryAttempt } from '../api/types.js';
import { formatTime } from '../format.js';

/** POST /v1/webhooks/{id}/test's answer: the event, and its immediate attempt (null when another deliverer took it first). */
export interface TestResult {
  eventId: string;
  attempt: DeliveryAttempt | null;
}

// What the immediate attempt at a test event did; a failed one is retried like any event.
export function TestOutcome({ result }: { result: TestResult }) {
  const { eventId, attempt } = result;
  return (
    <p class={`test-outcome outcome-${attempt?.outcome ?? 'queued'}`} role="status" data-outcome={attempt?.outcome ?? 'queued'}>
      Test event <code>{eventId}</code>: {attempt === null ? 'queued; another deliverer is attempting it (see Deliveries).' : attemptText(attempt)}
    </p>
  );
}

function attemptText(attempt: DeliveryAttempt): string {
  const code = attempt.responseCode === null ? 'no response' : `HTTP ${attempt.responseCode}`;
  const took = `${code} in ${attempt.durationMs} ms`;
  if (attempt.outcome === 'delivered') return `delivered (${took}).`;
  if (attempt.outcome === 'gone') return `the endpoint answered 410 Gone (${took}), so Ripple disabled this webhook.`;
  const why = attempt.error ? `: ${attempt.error}` : '';
  const next = attempt.nextRetryAt === null ? ' No further retry.' : ` Next retry ${formatTime(attempt.nextRetryAt)}.`;
  return `failed (${took})${why}.${next}`;
}
