import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { makeOutboxStore } from '../../shared/store/outbox.js';
import { keys } from '../../shared/store/keys.js';
import { INDEXES } from '../../shared/store/table.js';
import { api, eventually } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// Issue 12, crashes: the local stack SIGKILLed while a threshold event is being delivered (the
// receiver holds the request open), then restarted on the same data folder. The event survives its
// deliverer: once the dead deliverer's claim lapses it is delivered again with the same
// `webhook-id`, and aggregating again after the restart finds the crossing already recorded.
const ENV = {
  RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1',
  RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0',
  RIPPLE_DELIVERY_INTERVAL_SECONDS: '0', // delivered on demand below
  RIPPLE_WEBHOOK_TIMEOUT_MS: '30000',
};

let receiver: WebhookReceiver;
let stack: LocalStack | undefined;

beforeAll(async () => {
  // The first attempt is held open until the stack dies; later ones are answered at once.
  receiver = await startReceiver((_path, index) => (index === 0 ? { status: 204, delayMs: 120_000 } : { status: 204 }));
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

const local = (running: LocalStack, control: 'aggregate' | 'deliver') =>
  fetch(`${running.url}/_local/${control}`, { method: 'POST', body: '{}' }).then((response) => response.json() as Promise<Record<string, unknown>>);

/** Every outbox event of a subscription, as stored. */
async function storedEvents(running: LocalStack, subscriptionId: string) {
  const db = running.db();
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': keys.webhook(LOCAL_WORKSPACE_ID, subscriptionId).pk, ':evt': 'EVT#' },
    }),
  );
  return Items;
}

// A deliverer's claim lapses RIPPLE_WEBHOOK_TIMEOUT_MS + 45 s after it was taken; rather than wait
// that long, the test moves the claimed event's due time to now, which is all the lapse amounts to.
async function lapseClaim(running: LocalStack, subscriptionId: string, eventId: string) {
  const db = running.db();
  const now = new Date().toISOString();
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.outboxEvent(LOCAL_WORKSPACE_ID, subscriptionId, eventId),
      UpdateExpression: 'SET nextAttemptAt = :now, #dueSort = :dueSort',
      ConditionExpression: '#status = :pending AND attempts = :none',
      ExpressionAttributeNames: { '#status': 'status', '#dueSort': INDEXES.byGroup.sort },
      ExpressionAttributeValues: { ':now': now, ':dueSort': keys.outboxDueSort(now, eventId), ':pending': 'pending', ':none': 0 },
    }),
  );
}

it('delivers a threshold event again, with the same webhook-id, after a SIGKILL mid-delivery, and never as a new event', async () => {
  stack = await startLocalStack({ env: ENV });
  const { dataDir } = stack;
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://brand.example.com/crash' });
  const subscription = await api(stack, 'POST', '/v1/webhooks', {
    url: receiver.url('/crossed'),
    events: ['content.threshold_crossed'],
    thresholds: [{ metric: 'reshares', gte: 2 }],
    contentId: content.body.id,
  });
  let parent = (await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'brand' })).body.code as string;
  for (const sharer of ['ana', 'ben', 'cy']) parent = (await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { parent, sharer })).body.code;
  await local(stack, 'aggregate');

  // The delivery round starts; the receiver has the request and holds it; the stack dies.
  const round = local(stack, 'deliver').catch((error: unknown) => error);
  await eventually(async () => (receiver.requests.length > 0 ? true : undefined));
  expect(await stack.stop('SIGKILL')).toBeNull();
  expect(await round).toBeInstanceOf(Error);
  const eventId = String(receiver.requests[0]?.headers['webhook-id']);

  stack = await startLocalStack({ dataDir, env: ENV });
  // The dead deliverer's claim holds: nobody sends the event again before it lapses…
  expect(await local(stack, 'deliver')).toMatchObject({ attempted: 0 });
  const outbox = makeOutboxStore(stack.db());
  expect(await outbox.get(LOCAL_WORKSPACE_ID, subscription.body.id, eventId)).toMatchObject({ status: 'pending', attempts: 0 });
  // …and once it has, the event goes again, as the same event.
  await lapseClaim(stack, subscription.body.id, eventId);
  expect(await local(stack, 'deliver')).toMatchObject({ attempted: 1, delivered: 1 });

  const received = receiver.verified(subscription.body.secret, '/crossed');
  expect(received.map((request) => request.id)).toEqual([eventId, eventId]);
  expect(received[1]?.payload).toEqual(received[0]?.payload);
  expect(received[0]?.payload).toMatchObject({ type: 'content.threshold_crossed', data: { contentId: content.body.id, metric: 'reshares', threshold: 2 } });
  expect(await outbox.get(LOCAL_WORKSPACE_ID, subscription.body.id, eventId)).toMatchObject({ status: 'delivered', attempts: 1 });

  // The crossing was recorded once, before the crash: aggregating and delivering again adds nothing.
  await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { parent, sharer: 'dee' });
  await local(stack, 'aggregate');
  expect(await local(stack, 'deliver')).toMatchObject({ attempted: 0 });
  expect((await storedEvents(stack, subscription.body.id)).map((item) => item.eventId)).toEqual([eventId]);
  expect(receiver.requests).toHaveLength(2);
});
