import { DeleteCommand, GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Subscription, Threshold, WebhookEventType } from '../domain/webhooks/subscription.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import type { Page } from './pagination.js';
import { putIfAbsent } from './put-if-absent.js';
import { partitionQuery, queryAllPages, queryPage } from './query.js';
import { INDEXES } from './table.js';

export interface WebhookStore {
  insert(subscription: Subscription): Promise<void>;
  get(workspaceId: string, id: string): Promise<Subscription | null>;
  list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<Page<Subscription>>;
  /** Every active subscription of a workspace (the aggregation checks their thresholds). */
  active(workspaceId: string): Promise<Subscription[]>;
  remove(workspaceId: string, id: string): Promise<boolean>;
  disable(workspaceId: string, id: string, reason: string): Promise<void>;
  /** Counts one more failed delivery in a row; answers the new count. */
  countFailure(workspaceId: string, id: string): Promise<number>;
  resetFailures(workspaceId: string, id: string): Promise<void>;
}

export function makeWebhookStore(db: Db): WebhookStore {
  return {
    async insert(subscription) {
      await putIfAbsent(db, {
        ...keys.webhook(subscription.workspaceId, subscription.id),
        [INDEXES.byOwner.partition]: keys.webhooksOfWorkspace(subscription.workspaceId),
        [INDEXES.byOwner.sort]: keys.byTime(subscription.createdAt, subscription.id),
        type: 'webhook',
        ...subscription,
        consecutiveFailures: 0,
      });
    },

    async get(workspaceId, id) {
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.webhook(workspaceId, id), ConsistentRead: true })));
      return Item ? subscriptionFromItem(Item) : null;
    },

    async list(workspaceId, { limit, cursor }) {
      const page = await queryPage(db, { index: INDEXES.byOwner, partition: keys.webhooksOfWorkspace(workspaceId), limit, cursor });
      return { items: page.items.map(subscriptionFromItem), nextCursor: page.nextCursor };
    },

    async active(workspaceId) {
      const subscriptions: Subscription[] = [];
      for await (const page of queryAllPages(db, partitionQuery(keys.webhooksOfWorkspace(workspaceId), { index: INDEXES.byOwner }))) {
        for (const item of page.Items ?? []) if (item.status === 'active') subscriptions.push(subscriptionFromItem(item));
      }
      return subscriptions;
    },

    async remove(workspaceId, id) {
      const deleted = await ifConditionHolds(() =>
        db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.webhook(workspaceId, id), ConditionExpression: 'attribute_exists(pk)' })),
      );
      return deleted !== null;
    },

    async disable(workspaceId, id, reason) {
      // Gone or already disabled: nothing to do.
      await updateWebhook(workspaceId, id, {
        UpdateExpression: 'SET #status = :disabled, disabledReason = :reason',
        ConditionExpression: 'attribute_exists(pk) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':reason': reason },
      });
    },

    async countFailure(workspaceId, id) {
      const updated = await updateWebhook(workspaceId, id, {
        UpdateExpression: 'ADD consecutiveFailures :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      });
      return Number(updated?.Attributes?.consecutiveFailures ?? 0); // deleted meanwhile: no count
    },

    async resetFailures(workspaceId, id) {
      await updateWebhook(workspaceId, id, { UpdateExpression: 'SET consecutiveFailures = :zero', ExpressionAttributeValues: { ':zero': 0 } });
    },
  };

  // Updates a subscription that still exists (by default); null when the condition failed.
  function updateWebhook(workspaceId: string, id: string, update: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
    return ifConditionHolds(() =>
      db.doc.send(new UpdateCommand({ ConditionExpression: 'attribute_exists(pk)', ...update, TableName: db.table, Key: keys.webhook(workspaceId, id) })),
    );
  }
}

function subscriptionFromItem(item: Record<string, unknown>): Subscription {
  return {
    id: String(item.id),
    workspaceId: String(item.workspaceId),
    url: String(item.url),
    events: (item.events as WebhookEventType[] | undefined) ?? [],
    thresholds: (item.thresholds as Threshold[] | undefined) ?? [],
    contentId: (item.contentId as string | null | undefined) ?? null,
    campaign: (item.campaign as string | null | undefined) ?? null,
    secret: String(item.secret),
    status: item.status === 'disabled' ? 'disabled' : 'active',
    disabledReason: (item.disabledReason as string | null | undefined) ?? null,
    createdAt: String(item.createdAt),
  };
}
