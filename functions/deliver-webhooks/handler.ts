import { loadConfig } from '../../shared/config.js';
import { logInfo } from '../../shared/log.js';
import { count } from '../../shared/observability/powertools.js';
import { scheduledHandler } from '../../shared/scheduled-handler.js';
import { createDb } from '../../shared/store/db.js';
import { type DeliveryDeps, type DeliveryRound, deliverDue } from '../../shared/webhooks/deliver.js';
import { deliveryDeps } from '../../shared/webhooks/delivery-deps.js';

// Leave time for attempts in flight (each bounded by RIPPLE_WEBHOOK_TIMEOUT_MS) to finish.
const STOP_BEFORE_TIMEOUT_MS = 20_000;

// Scheduled (EventBridge, or the local stack's timer) and on demand (npm run deliver): attempts
// every due outbox event, a batch at a time, until none is due or time runs short.
export function makeDeliverWebhooksHandler(deps: DeliveryDeps) {
  return scheduledHandler<DeliveryRound>({ stopBeforeTimeoutMs: STOP_BEFORE_TIMEOUT_MS }, async (_event, { deadlineMs }) => {
    const round = await deliverDue(deps, deadlineMs === undefined ? {} : { deadlineMs });
    if (round.attempted > 0) logInfo('webhook deliveries', { ...round });
    count('WebhookAttempts', round.attempted);
    count('WebhookDeliveries', round.delivered);
    count('WebhookFailures', round.failed);
    return round;
  });
}

const config = loadConfig();

export const handler = makeDeliverWebhooksHandler(deliveryDeps(createDb(config), config));
