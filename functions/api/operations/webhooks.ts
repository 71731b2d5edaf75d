import { nanoid } from 'nanoid';
import { isWebhookId } from '../../../shared/domain/ids.js';
import { testPayload } from '../../../shared/domain/webhooks/event-payload.js';
import { createSubscriptionInput, newSubscription, type Subscription } from '../../../shared/domain/webhooks/subscription.js';
import * as z from '../../../shared/domain/zod.js';
import { conflict, invalidTarget, notFound, validationError } from '../../../shared/errors.js';
import type { HttpEvent } from '../../../shared/http/event.js';
import { parseBody, parseQuery } from '../../../shared/http/input.js';
import { pageQuery } from '../../../shared/http/page-query.js';
import { json } from '../../../shared/http/responses.js';
import { webhookView } from '../../../shared/http/views.js';
import { pendingEvent } from '../../../shared/store/outbox.js';
import { attemptDelivery } from '../../../shared/webhooks/deliver.js';
import type { ApiDeps, Operation } from './types.js';

// Said only when the setting would let the target through (never for metadata or link-local).
const PRIVATE_TARGETS_HINT = 'set RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1 on a local stack to allow loopback and private targets';

// POST /v1/webhooks: the target is checked after DNS resolution (and again at every connection),
// and the signing secret is shown in this response only.
export const createWebhook: Operation = async ({ event, workspaceId, now }, deps) => {
  const input = parseBody(event, createSubscriptionInput);
  if (input.contentId !== undefined && !(await deps.contents.get(workspaceId, input.contentId))) {
    throw validationError([{ path: ['contentId'], message: 'is not a content of this workspace' }]);
  }
  const target = await deps.checkTarget(input.url);
  if (!target.ok) {
    if (target.reason === 'unresolvable') throw invalidTarget(`url's host does not resolve: ${target.detail}`);
    const hint = target.privateTargetsWouldAllow ? `; ${PRIVATE_TARGETS_HINT}` : '';
    throw invalidTarget(`url may not be a webhook target: ${target.detail}${hint}`);
  }
  const subscription = newSubscription(workspaceId, input, now);
  await deps.webhooks.insert(subscription);
  return json(201, { ...webhookView(subscription), secret: subscription.secret }, { headers: { location: `/v1/webhooks/${subscription.id}` } });
};

export const listWebhooksQuery = z.object(pageQuery);

export const listWebhooks: Operation = async ({ event, workspaceId }, { webhooks }) => {
  const page = await webhooks.list(workspaceId, parseQuery(event, listWebhooksQuery));
  return json(200, { items: page.items.map(webhookView), nextCursor: page.nextCursor });
};

export const getWebhook: Operation = async ({ event, workspaceId }, deps) => json(200, webhookView(await requireWebhook(deps, workspaceId, event)));

export const deleteWebhook: Operation = async ({ event, workspaceId }, { webhooks }) => {
  const id = webhookIdParam(event);
  if (!(await webhooks.remove(workspaceId, id))) throw notFound('No webhook with this id');
  return json(200, { id, deleted: true });
};

// POST /v1/webhooks/{id}/test: a signed `webhook.test` event, attempted now (and retried like any
// other event if this attempt fails), whatever the subscription's `events`.
export const testWebhook: Operation = async ({ event, workspaceId, now }, deps) => {
  const subscription = await requireWebhook(deps, workspaceId, event);
  if (subscription.status !== 'active') throw conflict(`This webhook is disabled (${subscription.disabledReason ?? 'no reason given'})`);
  const eventId = `evt_test_${nanoid()}`;
  const outboxEvent = pendingEvent(
    { eventId, workspaceId, subscriptionId: subscription.id, type: 'webhook.test', payload: testPayload({ at: now, subscriptionId: subscription.id }) },
    now,
  );
  await deps.delivery.outbox.enqueue(outboxEvent);
  const attempt = await attemptDelivery(deps.delivery, outboxEvent);
  return json(202, { eventId, attempt });
};

export const deliveriesQuery = z.object(pageQuery);

export const listDeliveries: Operation = async ({ event, workspaceId }, deps) => {
  const subscription = await requireWebhook(deps, workspaceId, event);
  const page = await deps.delivery.outbox.attempts(workspaceId, subscription.id, parseQuery(event, deliveriesQuery));
  return json(200, { items: page.items, nextCursor: page.nextCursor });
};

function webhookIdParam(event: HttpEvent): string {
  const id = event.pathParameters?.id ?? '';
  if (!isWebhookId(id)) throw notFound('No webhook with this id');
  return id;
}

async function requireWebhook(deps: ApiDeps, workspaceId: string, event: HttpEvent): Promise<Subscription> {
  const subscription = await deps.webhooks.get(workspaceId, webhookIdParam(event));
  if (!subscription) throw notFound('No webhook with this id');
  return subscription;
}
