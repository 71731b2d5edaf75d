import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WebhookEventType } from '../domain/webhooks/subscription.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys, OUTBOX_SHARDS } from './keys.js';
import type { Page } from './pagination.js';
import { putIfAbsent } from './put-if-absent.js';
import { queryPage } from './query.js';
import { INDEXES, TTL_ATTRIBUTE } from './table.js';

export interface OutboxEvent {
  eventId: string;
  workspaceId: string;
  subscriptionId: string;
  type: WebhookEventType;
  /** The exact JSON body that is signed and sent, the same on every attempt. */
  payload: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

/** A new event: pending, and due at once. */
export function pendingEvent(event: Pick<OutboxEvent, 'eventId' | 'workspaceId' | 'subscriptionId' | 'type' | 'payload'>, at: Date): OutboxEvent {
  return { ...event, createdAt: at.toISOString(), status: 'pending', attempts: 0, nextAttemptAt: at.toISOString(), lastError: null };
}

export interface DeliveryAttempt {
  eventId: string;
  type: WebhookEventType;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'gone';
  responseCode: number | null;
  durationMs: number;
  error: string | null;
  attemptedAt: string;
  /** When the next attempt is due, or null when this was the last one. */
  nextRetryAt: string | null;
}

export interface OutboxStore {
  /** Stores a pending event once: false when an event with this id already exists. */
  enqueue(event: OutboxEvent): Promise<boolean>;
  get(workspaceId: string, subscriptionId: string, eventId: string): Promise<OutboxEvent | null>;
  /** Pending events whose next attempt is due, oldest first per shard. */
  due(now: Date, limit: number): Promise<OutboxEvent[]>;
  /** Takes a due event for one attempt (moving its next attempt to `until`, so a crashed deliverer's
   * claim lapses); null when another deliverer took it first. */
  claim(event: OutboxEvent, until: Date): Promise<OutboxEvent | null>;
  /** Records an attempt and the event's new state; false when the event had moved on meanwhile. */
  finish(event: OutboxEvent, attempt: DeliveryAttempt, next: { status: OutboxEvent['status']; nextAttemptAt: string | null }): Promise<boolean>;
  attempts(workspaceId: string, subscriptionId: string, options: { limit: number; cursor?: string }): Promise<Page<DeliveryAttempt>>;
}

const ATTEMPT_RETENTION_SECONDS = 30 * 86_400;

// The outbox is durable: an event exists before any attempt, and its state moves only by
// conditional updates, so deliverers may crash or overlap without losing or doubling events.
// Delivery is at least once; the receiver dedupes by webhook-id (docs/contract.md §4).
export function makeOutboxStore(db: Db): OutboxStore {
  const dueKeys = (event: { eventId: string; nextAttemptAt: string }) => ({
    [INDEXES.byGroup.partition]: keys.outboxDuePartition(shardOf(event.eventId)),
    [INDEXES.byGroup.sort]: keys.outboxDueSort(event.nextAttemptAt, event.eventId),
  });

  return {
    async enqueue(event) {
      const outcome = await putIfAbsent(db, {
        ...keys.outboxEvent(event.workspaceId, event.subscriptionId, event.eventId),
        ...(event.nextAttemptAt ? dueKeys({ eventId: event.eventId, nextAttemptAt: event.nextAttemptAt }) : {}),
        ...outboxItem(event),
      });
      return outcome.created;
    },

    async get(workspaceId, subscriptionId, eventId) {
      const { Item } = await guard(() =>
        db.doc.send(new GetCommand({ TableName: db.table, Key: keys.outboxEvent(workspaceId, subscriptionId, eventId), ConsistentRead: true })),
      );
      return Item ? eventFromItem(Item) : null;
    },

    async due(now, limit) {
      const perShard = Math.max(1, Math.ceil(limit / OUTBOX_SHARDS));
      const shards = await Promise.all(
        Array.from({ length: OUTBOX_SHARDS }, async (_, shard) => {
          const { Items = [] } = await guard(() =>
            db.doc.send(
              new QueryCommand({
                TableName: db.table,
                IndexName: INDEXES.byGroup.name,
                KeyConditionExpression: '#partition = :partition AND #sort <= :now',
                ExpressionAttributeNames: { '#partition': INDEXES.byGroup.partition, '#sort': INDEXES.byGroup.sort },
                ExpressionAttributeValues: { ':partition': keys.outboxDuePartition(shard), ':now': keys.throughTime(now.toISOString()) },
                Limit: perShard,
              }),
            ),
          );
          return Items.map(eventFromItem);
        }),
      );
      return shards.flat().filter((event) => event.status === 'pending');
    },

    async claim(event, until) {
      const nextAttemptAt = until.toISOString();
      const claimed = await ifConditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.outboxEvent(event.workspaceId, event.subscriptionId, event.eventId),
            UpdateExpression: 'SET nextAttemptAt = :until, #dueSort = :dueSort',
            ConditionExpression: '#status = :pending AND nextAttemptAt = :expected AND attempts = :attempts',
            ExpressionAttributeNames: { '#status': 'status', '#dueSort': INDEXES.byGroup.sort },
            ExpressionAttributeValues: {
              ':until': nextAttemptAt,
              ':dueSort': keys.outboxDueSort(nextAttemptAt, event.eventId),
              ':pending': 'pending',
              ':expected': event.nextAttemptAt,
              ':attempts': event.attempts,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return claimed?.Attributes ? eventFromItem(claimed.Attributes) : null;
    },

    async finish(event, attempt, next) {
      await guard(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: {
              ...keys.deliveryAttempt(event.workspaceId, event.subscriptionId, attempt.attemptedAt, event.eventId, attempt.attempt),
              ...attemptItem(attempt),
              [TTL_ATTRIBUTE]: Math.floor(Date.parse(attempt.attemptedAt) / 1000) + ATTEMPT_RETENTION_SECONDS,
            },
          }),
        ),
      );
      const nextDue = next.status === 'pending' ? next.nextAttemptAt : null;
      const pending = nextDue !== null;
      const moved = await ifConditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.outboxEvent(event.workspaceId, event.subscriptionId, event.eventId),
            UpdateExpression: pending
              ? 'SET #status = :status, attempts = :attempts, nextAttemptAt = :next, lastError = :error, #dueSort = :dueSort'
              : 'SET #status = :status, attempts = :attempts, nextAttemptAt = :next, lastError = :error REMOVE #duePartition, #dueSort',
            ConditionExpression: 'attempts = :before',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#dueSort': INDEXES.byGroup.sort,
              ...(pending ? {} : { '#duePartition': INDEXES.byGroup.partition }),
            },
            ExpressionAttributeValues: {
              ':status': next.status,
              ':attempts': attempt.attempt,
              ':next': next.nextAttemptAt,
              ':error': attempt.error,
              ':before': attempt.attempt - 1,
              ...(nextDue !== null ? { ':dueSort': keys.outboxDueSort(nextDue, event.eventId) } : {}),
            },
          }),
        ),
      );
      return moved !== null;
    },

    async attempts(workspaceId, subscriptionId, { limit, cursor }) {
      const page = await queryPage(db, {
        partition: keys.webhook(workspaceId, subscriptionId).pk,
        sortPrefix: keys.deliveryAttemptPrefix,
        limit,
        cursor,
      });
      return { items: page.items.map(attemptFromItem), nextCursor: page.nextCursor };
    },
  };
}

// `type` names the kind of item everywhere in the table; the webhook event's type is `eventType`.
function outboxItem({ type, ...event }: OutboxEvent) {
  return { type: 'outboxEvent', eventType: type, ...event };
}

function attemptItem({ type, ...attempt }: DeliveryAttempt) {
  return { type: 'deliveryAttempt', eventType: type, ...attempt };
}

const shardOf = (eventId: string) => createHash('sha256').update(eventId).digest()[0]! % OUTBOX_SHARDS;

function eventFromItem(item: Record<string, unknown>): OutboxEvent {
  return {
    eventId: String(item.eventId),
    workspaceId: String(item.workspaceId),
    subscriptionId: String(item.subscriptionId),
    type: item.eventType as WebhookEventType,
    payload: String(item.payload),
    createdAt: String(item.createdAt),
    status: (item.status as OutboxEvent['status'] | undefined) ?? 'pending',
    attempts: Number(item.attempts ?? 0),
    nextAttemptAt: (item.nextAttemptAt as string | null | undefined) ?? null,
    lastError: (item.lastError as string | null | undefined) ?? null,
  };
}

function attemptFromItem(item: Record<string, unknown>): DeliveryAttempt {
  return {
    eventId: String(item.eventId),
    type: item.eventType as WebhookEventType,
    attempt: Number(item.attempt),
    outcome: item.outcome as DeliveryAttempt['outcome'],
    responseCode: (item.responseCode as number | null | undefined) ?? null,
    durationMs: Number(item.durationMs ?? 0),
    error: (item.error as string | null | undefined) ?? null,
    attemptedAt: String(item.attemptedAt),
    nextRetryAt: (item.nextRetryAt as string | null | undefined) ?? null,
  };
}
