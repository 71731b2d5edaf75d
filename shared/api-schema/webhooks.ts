// The events Ripple POSTs to a subscription's URL (docs/contract.md §4): OpenAPI 3.1 `webhooks`,
// with the Standard Webhooks headers every delivery is signed with.
import type { ZodOpenApiPathItemObject } from 'zod-openapi';
import * as z from '../domain/zod.js';
import { thresholdCrossedExample, webhookTestEventExample } from './examples.js';
import { contentReport } from './metrics.js';
import { component, described } from './schema-kit.js';
import { campaign, contentId, count, SAMPLE, thresholdMetric, timestamp, webhookId } from './values.js';

const signatureHeaders = z.strictObject({
  'webhook-id': described(z.string(), {
    description: 'The event\u2019s id, the same on every retry: drop repeats by it (delivery is at least once).',
    example: SAMPLE.eventId,
  }),
  'webhook-timestamp': described(z.string().check(z.regex(/^\d+$/)), { description: 'When this attempt was signed, in Unix seconds.', example: '1772625604' }),
  'webhook-signature': described(z.string().check(z.regex(/^v1,[A-Za-z0-9+/=]+$/)), {
    description:
      '`v1,` and the base64 HMAC-SHA256, under the subscription\u2019s secret (`whsec_<base64>`, the base64 decoded), of `<webhook-id>.<webhook-timestamp>.<body>`. The `standardwebhooks` package verifies it unchanged.',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
  'user-agent': described(z.literal('Ripple-Webhooks/1.0'), { description: 'Who is calling.' }),
});

export const thresholdCrossedEvent = component(
  z.strictObject({
    type: z.literal('content.threshold_crossed'),
    timestamp,
    data: z.strictObject({
      contentId,
      campaign: z.nullable(campaign),
      metric: thresholdMetric,
      threshold: described(z.number(), { description: 'The threshold\u2019s `gte`.' }),
      minMatureLinks: described(z.optional(count), { description: 'The threshold\u2019s `minMatureLinks`, when it has one.' }),
      value: described(z.number(), { description: 'The metric\u2019s value in the report that crossed it.' }),
      report: described(contentReport, {
        description: 'The content\u2019s report that crossed it, as `GET /v1/contents/{id}/report` answers it for the content\u2019s own K window.',
      }),
    }),
  }),
  { id: 'ThresholdCrossedEvent', description: 'A content\u2019s report reached a threshold of the subscription.' },
);

export const webhookTestEvent = component(
  z.strictObject({
    type: z.literal('webhook.test'),
    timestamp,
    data: z.strictObject({ subscriptionId: webhookId, message: z.string() }),
  }),
  { id: 'WebhookTestEvent', description: 'Sent on request (`POST /v1/webhooks/{id}/test`), to check an endpoint verifies signatures.' },
);

const RECEIVER_ANSWERS = {
  200: { description: 'Any 2xx within 15 s: delivered.' },
  410: { description: 'Gone: the subscription is disabled at once, and nothing more is sent.' },
  default: {
    description:
      'Anything else, a redirect (never followed) or no answer within 15 s: a failure, retried with the same `webhook-id` after about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 24 h (\u00b120 %). 20 failures in a row disable the subscription.',
  },
};

// Referenced as components, not given as zod: zod-openapi renders request bodies as inputs, and
// these are what Ripple writes (its outputs, like the report they carry in the API's answers).
const webhook = (operationId: string, summary: string, description: string, schema: { $ref: string }, example: unknown): ZodOpenApiPathItemObject => ({
  post: {
    operationId,
    summary,
    description,
    requestParams: { header: signatureHeaders },
    requestBody: { required: true, content: { 'application/json': { schema, example } } },
    responses: RECEIVER_ANSWERS,
  },
});

export const webhookDocs: Record<string, ZodOpenApiPathItemObject> = {
  'content.threshold_crossed': webhook(
    'thresholdCrossed',
    'A content crossed a threshold',
    'Once per (subscription, content, metric, threshold), however often the aggregation runs or retries, and never again for that content even if the value drops and rises.',
    { $ref: '#/components/schemas/ThresholdCrossedEvent' },
    thresholdCrossedExample,
  ),
  'webhook.test': webhook(
    'webhookTest',
    'A test event',
    'A test event, sent whatever the subscription\u2019s `events`.',
    { $ref: '#/components/schemas/WebhookTestEvent' },
    webhookTestEventExample,
  ),
};
