import { deliveriesQuery, listWebhooksQuery } from '../../../functions/api/operations/webhooks.js';
import { createSubscriptionInput } from '../../domain/webhooks/subscription.js';
import * as z from '../../domain/zod.js';
import { jsonAnswer } from '../answers.js';
import { createdWebhookExample, deliveryAttemptExample, webhookExample, webhookTestExample } from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';
import { locationHeader, webhookPath } from '../parameters.js';
import { createdWebhook, deletedWebhook, deliveryAttempt, pageOf, webhook, webhookTestAnswer } from '../resources.js';
import { queryParameters, withFieldDocs } from '../schema-kit.js';
import { SAMPLE, SAMPLE_PATHS } from '../values.js';
import { PAGE_QUERY_DOCS } from './pagination.js';

const subscribeBody = withFieldDocs(
  createSubscriptionInput,
  {
    url: 'Where to POST events: an absolute http(s) URL that resolves to public addresses only (checked now, and again at every connection).',
    events: 'The event types to receive.',
    thresholds: 'Up to 20; replace the default `kFactor \u2265 1` once 10 re-share links are mature. Each fires once per content.',
    contentId: 'Only this content\u2019s events.',
    campaign: 'Only this campaign\u2019s contents\u2019 events.',
  },
  { id: 'Subscribe' },
);

export const webhookOperations: OperationDocs<
  | 'POST /v1/webhooks'
  | 'GET /v1/webhooks'
  | 'GET /v1/webhooks/{id}'
  | 'DELETE /v1/webhooks/{id}'
  | 'POST /v1/webhooks/{id}/test'
  | 'GET /v1/webhooks/{id}/deliveries'
> = {
  'POST /v1/webhooks': {
    operationId: 'subscribeWebhook',
    tag: 'Webhooks',
    summary: 'Subscribe a webhook',
    description:
      'Ripple POSTs a signed `content.threshold_crossed` event (see the webhooks of this document) once per (subscription, content, metric, threshold). The signing secret is in this answer only.',
    body: {
      schema: subscribeBody,
      example: {
        url: 'https://hooks.example.com/ripple',
        events: ['content.threshold_crossed'],
        thresholds: [{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }],
        campaign: 'spring',
      },
    },
    responses: {
      201: jsonAnswer(
        'The subscription and its secret.',
        createdWebhook,
        createdWebhookExample,
        z.object(locationHeader('the subscription', SAMPLE_PATHS.webhook)),
      ),
    },
    errors: ['validation_error', 'invalid_json', 'invalid_target', 'payload_too_large', 'unavailable'],
  },
  'GET /v1/webhooks': {
    operationId: 'listWebhooks',
    tag: 'Webhooks',
    summary: 'List webhooks',
    description: 'The workspace\u2019s subscriptions, newest first, a page at a time.',
    query: queryParameters(listWebhooksQuery, PAGE_QUERY_DOCS),
    responses: { 200: jsonAnswer('A page of subscriptions.', pageOf(webhook, 'WebhookPage', 'subscriptions'), { items: [webhookExample], nextCursor: null }) },
    errors: ['validation_error', 'unavailable'],
  },
  'GET /v1/webhooks/{id}': {
    operationId: 'getWebhook',
    tag: 'Webhooks',
    summary: 'Read a webhook',
    description: 'A subscription: `status` says whether it is disabled (by a 410 from its endpoint, or 20 failures in a row) and `disabledReason` why.',
    path: webhookPath,
    responses: { 200: jsonAnswer('The subscription.', webhook, webhookExample) },
    errors: ['not_found', 'unavailable'],
  },
  'DELETE /v1/webhooks/{id}': {
    operationId: 'deleteWebhook',
    tag: 'Webhooks',
    summary: 'Remove a webhook',
    description: 'No more events go to it. Removing it again is a 404.',
    path: webhookPath,
    responses: { 200: jsonAnswer('Removed.', deletedWebhook, { id: SAMPLE.webhookId, deleted: true }) },
    errors: ['not_found', 'unavailable'],
  },
  'POST /v1/webhooks/{id}/test': {
    operationId: 'testWebhook',
    tag: 'Webhooks',
    summary: 'Send a test event',
    description:
      'Sends a signed `webhook.test` event now, whatever the subscription\u2019s `events`, and retries it like any other event if this attempt fails. A disabled subscription is a 409.',
    path: webhookPath,
    responses: { 202: jsonAnswer('Sent: the event and its first attempt.', webhookTestAnswer, webhookTestExample) },
    errors: ['not_found', 'conflict', 'unavailable'],
  },
  'GET /v1/webhooks/{id}/deliveries': {
    operationId: 'listDeliveries',
    tag: 'Webhooks',
    summary: 'A webhook\u2019s delivery log',
    description: 'Every attempt of the last 30 days, newest first, a page at a time.',
    path: webhookPath,
    query: queryParameters(deliveriesQuery, PAGE_QUERY_DOCS),
    responses: {
      200: jsonAnswer('A page of attempts.', pageOf(deliveryAttempt, 'DeliveryAttemptPage', 'delivery attempts'), {
        items: [deliveryAttemptExample],
        nextCursor: null,
      }),
    },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
};
