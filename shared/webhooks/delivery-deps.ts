import type { Config } from '../config.js';
import { parseRetrySchedule } from '../domain/webhooks/retry-schedule.js';
import type { Db } from '../store/db.js';
import { makeOutboxStore } from '../store/outbox.js';
import { makeWebhookStore } from '../store/webhooks.js';
import type { DeliveryDeps } from './deliver.js';
import { type Resolver, systemResolver } from './resolve.js';
import { sendWebhook } from './send-webhook.js';

type DeliveryConfig = Pick<
  Config,
  'RIPPLE_ALLOW_PRIVATE_WEBHOOKS' | 'RIPPLE_WEBHOOK_TIMEOUT_MS' | 'RIPPLE_WEBHOOK_RETRY_SCHEDULE_SECONDS' | 'RIPPLE_WEBHOOK_DISABLE_AFTER_FAILURES'
>;

/** Webhook delivery over one table, as configured (shared by the delivery function and the test route). */
export function deliveryDeps(db: Db, config: DeliveryConfig, resolver: Resolver = systemResolver): DeliveryDeps {
  return {
    outbox: makeOutboxStore(db),
    webhooks: makeWebhookStore(db),
    send: ({ url, body, headers }) =>
      sendWebhook({ url, body, headers, resolver, allowPrivate: config.RIPPLE_ALLOW_PRIVATE_WEBHOOKS, timeoutMs: config.RIPPLE_WEBHOOK_TIMEOUT_MS }),
    clock: () => new Date(),
    settings: {
      retrySchedule: parseRetrySchedule(config.RIPPLE_WEBHOOK_RETRY_SCHEDULE_SECONDS),
      disableAfterFailures: config.RIPPLE_WEBHOOK_DISABLE_AFTER_FAILURES,
      claimMs: config.RIPPLE_WEBHOOK_TIMEOUT_MS + 45_000,
      batch: 100,
      concurrency: 16,
    },
  };
}
