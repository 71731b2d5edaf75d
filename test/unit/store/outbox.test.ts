import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { RippleError } from '../../../shared/errors.js';
import { type DeliveryAttempt, makeOutboxStore, type OutboxEvent } from '../../../shared/store/outbox.js';
import { makeWebhookStore } from '../../../shared/store/webhooks.js';
import { conditionFailed, mockDynamo, networkDown, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const event: OutboxEvent = {
  eventId: 'evt_one',
  workspaceId: 'ws_a',
  subscriptionId: 'wh_a',
  type: 'content.threshold_crossed',
  payload: '{"type":"content.threshold_crossed"}',
  createdAt: '2026-11-01T00:00:00.000Z',
  status: 'pending',
  attempts: 0,
  nextAttemptAt: '2026-11-01T00:00:00.000Z',
  lastError: null,
};

const attempt: DeliveryAttempt = {
  eventId: 'evt_one',
  type: 'content.threshold_crossed',
  attempt: 1,
  outcome: 'failed',
  responseCode: 500,
  durationMs: 20,
  error: 'HTTP 500',
  attemptedAt: '2026-11-01T00:00:01.000Z',
  nextRetryAt: '2026-11-01T00:00:06.000Z',
};

describe('outbox', () => {
  it('stores a new event once, due in its shard, and reports a repeat as not stored', async () => {
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: 'x', sk: 'y', writeToken: 'an earlier detection' } });
    const outbox = makeOutboxStore(testDb());

    expect(await outbox.enqueue(event)).toBe(false);
    expect(await outbox.enqueue(event)).toBe(true);

    const put = ddb.commandCalls(PutCommand)[1]!.args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.Item).toMatchObject({
      pk: 'WS#ws_a#WH#wh_a',
      sk: 'EVT#evt_one',
      type: 'outboxEvent',
      eventType: 'content.threshold_crossed',
      status: 'pending',
    });
    expect(put.Item).toMatchObject({ gsi2pk: expect.stringMatching(/^OUTBOX#[0-7]$/), gsi2sk: `${event.nextAttemptAt}#evt_one` });
  });

  it('claims only an unchanged pending event and answers null when another deliverer moved it', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .resolves({ Attributes: { ...event, eventType: event.type, nextAttemptAt: '2026-11-01T00:01:00.000Z' } });
    const outbox = makeOutboxStore(testDb());
    const until = new Date('2026-11-01T00:01:00.000Z');

    expect(await outbox.claim(event, until)).toBeNull();
    expect(await outbox.claim(event, until)).toMatchObject({ eventId: 'evt_one', type: 'content.threshold_crossed', nextAttemptAt: until.toISOString() });
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toContain('nextAttemptAt = :expected');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':expected': event.nextAttemptAt, ':attempts': 0, ':pending': 'pending' });
  });

  it('records the attempt (expiring after 30 days) before moving the event, and only the claimed attempt moves it', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());
    const outbox = makeOutboxStore(testDb());

    expect(await outbox.finish(event, attempt, { status: 'pending', nextAttemptAt: attempt.nextRetryAt })).toBe(true);
    expect(await outbox.finish(event, attempt, { status: 'pending', nextAttemptAt: attempt.nextRetryAt })).toBe(false);

    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(put).toMatchObject({ type: 'deliveryAttempt', outcome: 'failed', responseCode: 500, nextRetryAt: attempt.nextRetryAt });
    expect(Object.values(put)).toContain(Math.floor(Date.parse(attempt.attemptedAt) / 1000) + 30 * 86_400);
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('attempts = :before');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':before': 0, ':attempts': 1, ':status': 'pending' });
  });

  it('takes a settled event out of the due index', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    await makeOutboxStore(testDb()).finish(event, { ...attempt, outcome: 'delivered', nextRetryAt: null }, { status: 'delivered', nextAttemptAt: null });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.UpdateExpression).toMatch(/REMOVE/);
  });

  it('asks every shard for due events, up to now, and keeps pending ones', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { ...event, eventType: event.type },
        { ...event, eventId: 'evt_done', eventType: event.type, status: 'delivered' },
      ],
    });
    const due = await makeOutboxStore(testDb()).due(new Date('2026-11-01T00:00:00.000Z'), 16);
    expect(
      ddb
        .commandCalls(QueryCommand)
        .map((call) => call.args[0].input.ExpressionAttributeValues?.[':partition'])
        .sort(),
    ).toEqual(Array.from({ length: 8 }, (_, shard) => `OUTBOX#${shard}`));
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.Limit).toBe(2);
    expect(due.map((found) => found.eventId)).toEqual(Array.from({ length: 8 }, () => 'evt_one'));
  });

  it('turns a store outage into `unavailable` rather than losing the event', async () => {
    ddb.on(PutCommand).rejects(networkDown());
    const error = await makeOutboxStore(testDb())
      .enqueue(event)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RippleError);
    expect((error as RippleError).code).toBe('unavailable');
  });
});

describe('webhook subscriptions', () => {
  it('counts consecutive failures atomically and answers the new count', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { consecutiveFailures: 7 } });
    expect(await makeWebhookStore(testDb()).countFailure('ws_a', 'wh_a')).toBe(7);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.UpdateExpression).toBe('ADD consecutiveFailures :one');
  });

  it('treats a deleted subscription as having no failures and disabling it as done', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const store = makeWebhookStore(testDb());
    expect(await store.countFailure('ws_a', 'wh_gone')).toBe(0);
    await expect(store.disable('ws_a', 'wh_gone', 'why')).resolves.toBeUndefined();
    await expect(store.resetFailures('ws_a', 'wh_gone')).resolves.toBeUndefined();
  });

  it('disables only an active subscription, keeping the reason', async () => {
    ddb.on(UpdateCommand).resolves({});
    await makeWebhookStore(testDb()).disable('ws_a', 'wh_a', 'the endpoint answered 410 Gone');
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toContain('#status = :active');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':disabled': 'disabled', ':reason': 'the endpoint answered 410 Gone' });
  });
});
