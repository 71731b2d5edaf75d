import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { FEED_START, type FeedPosition } from './activity.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { queryAllPages } from './query.js';

// The aggregation's control items, apart from any content's state: the feed checkpoint, the run
// lease, and the contents set aside as lagging. Every time comes from the caller's clock.

export interface FeedCheckpoint {
  position: FeedPosition;
  /** Every event at or before this time has been aggregated, for every content. */
  through: string | null;
  /** When the run that reached this position committed it. */
  computedAt: string | null;
}

/** A content the feed moved past while it could not be updated: it catches up from its own position. */
export interface LaggingContent {
  workspaceId: string;
  contentId: string;
  since: string;
  error: string;
}

export interface FeedControlStore {
  feedCheckpoint(): Promise<FeedCheckpoint>;
  /** Advances the feed checkpoint from `from` (compare-and-set); false when it had moved. */
  advanceFeedCheckpoint(from: FeedPosition, to: FeedCheckpoint): Promise<boolean>;
  acquireLease(owner: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
  /** Removes any lease: only for a process that knows no run can be alive (the local stack at start). */
  clearLease(): Promise<void>;
  markLagging(workspaceId: string, contentId: string, error: string, now: Date): Promise<void>;
  laggingContents(): Promise<LaggingContent[]>;
  isLagging(workspaceId: string, contentId: string): Promise<boolean>;
  clearLagging(workspaceId: string, contentId: string): Promise<void>;
}

export function makeFeedControlStore(db: Db): FeedControlStore {
  return {
    async feedCheckpoint() {
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.feedCheckpoint, ConsistentRead: true })));
      return {
        position: Item ? String(Item.position) : FEED_START,
        through: (Item?.through as string | undefined) ?? null,
        computedAt: (Item?.computedAt as string | undefined) ?? null,
      };
    },

    async advanceFeedCheckpoint(from, to) {
      const written = await ifConditionHolds(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.feedCheckpoint, type: 'feedCheckpoint', ...to },
            ConditionExpression: from === FEED_START ? 'attribute_not_exists(pk) OR #position = :from' : '#position = :from',
            ExpressionAttributeNames: { '#position': 'position' },
            ExpressionAttributeValues: { ':from': from },
          }),
        ),
      );
      return written !== null;
    },

    async acquireLease(owner, now, ttlMs) {
      const written = await ifConditionHolds(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.aggregationLease, type: 'lease', owner, expiresAtMs: now.getTime() + ttlMs },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs < :now OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':now': now.getTime(), ':owner': owner },
          }),
        ),
      );
      return written !== null;
    },

    async markLagging(workspaceId, contentId, error, now) {
      await guard(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.laggingContent(workspaceId, contentId), type: 'laggingContent', workspaceId, contentId, since: now.toISOString(), error },
          }),
        ),
      );
    },

    async laggingContents() {
      const lagging: LaggingContent[] = [];
      for await (const page of queryAllPages(db, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.laggingPartition },
        ConsistentRead: true,
      })) {
        for (const item of page.Items ?? []) {
          lagging.push({ workspaceId: String(item.workspaceId), contentId: String(item.contentId), since: String(item.since), error: String(item.error) });
        }
      }
      return lagging;
    },

    async isLagging(workspaceId, contentId) {
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.laggingContent(workspaceId, contentId) })));
      return Item !== undefined;
    },

    async clearLagging(workspaceId, contentId) {
      await guard(() => db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.laggingContent(workspaceId, contentId) })));
    },

    async clearLease() {
      await guard(() => db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.aggregationLease })));
    },

    async releaseLease(owner) {
      // Someone else's lease by now (the condition fails): leave it.
      await ifConditionHolds(() =>
        db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: keys.aggregationLease,
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        ),
      );
    },
  };
}
