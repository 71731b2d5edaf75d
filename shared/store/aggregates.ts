import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ContentAggregate, emptyAggregate } from '../domain/aggregate/content-aggregate.js';
import { unavailable } from '../errors.js';
import { FEED_START, type FeedPosition } from './activity.js';
import { type Db, guard, isConditionalCheckFailed } from './db.js';
import { keys } from './keys.js';

export interface AggregateHead {
  /** 0 before the first commit. */
  version: number;
  /** Feed position up to which this content's events are applied. */
  position: FeedPosition;
  stateId: string | null;
  chunks: number;
  computedAt: string | null;
  eventsThrough: string | null;
}

export interface StoredAggregate {
  head: AggregateHead;
  aggregate: ContentAggregate;
}

export interface FeedCheckpoint {
  position: FeedPosition;
  /** Every event at or before this time has been aggregated, for every content. */
  through: string | null;
  /** When the run that reached this position committed it. */
  computedAt: string | null;
}

export interface AggregateStore {
  load(workspaceId: string, contentId: string): Promise<StoredAggregate>;
  /** Compare-and-set on the head's version: false when another run committed first. */
  commit(
    workspaceId: string,
    contentId: string,
    previous: AggregateHead,
    next: { aggregate: ContentAggregate; position: FeedPosition; computedAt: string; eventsThrough: string },
  ): Promise<boolean>;
  feedCheckpoint(): Promise<FeedCheckpoint>;
  /** Advances the feed checkpoint from `from` (compare-and-set); false when it had moved. */
  advanceFeedCheckpoint(from: FeedPosition, to: FeedCheckpoint): Promise<boolean>;
  acquireLease(owner: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
}

// DynamoDB items hold 400 KB; a state is gzipped JSON cut into chunks well below that.
const CHUNK_BYTES = 300 * 1024;
const emptyHead = (): AggregateHead => ({ version: 0, position: FEED_START, stateId: null, chunks: 0, computedAt: null, eventsThrough: null });
// Unreferenced states younger than this may belong to a run still committing: leave them.
const ORPHAN_AGE_MS = 15 * 60_000;

// A content's aggregate is copy-on-write: its state is written as new chunks under a fresh state
// id, then the head is switched to them with a compare-and-set on its version. A run that crashes
// before the switch leaves only unreferenced chunks (cleaned at the next commit); two runs racing
// cannot both win; readers always see one whole state.
export function makeAggregateStore(db: Db): AggregateStore {
  const readHead = async (workspaceId: string, contentId: string): Promise<AggregateHead> => {
    const { Item } = await guard(() =>
      db.doc.send(new GetCommand({ TableName: db.table, Key: keys.aggregateHead(workspaceId, contentId), ConsistentRead: true })),
    );
    if (!Item) return emptyHead();
    return {
      version: Number(Item.version),
      position: String(Item.position),
      stateId: (Item.stateId as string | null | undefined) ?? null,
      chunks: Number(Item.chunks ?? 0),
      computedAt: (Item.computedAt as string | null | undefined) ?? null,
      eventsThrough: (Item.eventsThrough as string | null | undefined) ?? null,
    };
  };

  const readState = async (workspaceId: string, contentId: string, head: AggregateHead): Promise<ContentAggregate | null> => {
    if (!head.stateId) return emptyAggregate();
    const parts = await Promise.all(
      Array.from({ length: head.chunks }, async (_, index) => {
        const { Item } = await guard(() =>
          db.doc.send(
            new GetCommand({
              TableName: db.table,
              Key: keys.aggregateChunk(workspaceId, contentId, head.stateId ?? '', index),
              ConsistentRead: true,
            }),
          ),
        );
        return Item ? (Item.data as Uint8Array) : null;
      }),
    );
    if (parts.some((part) => part === null)) return null; // replaced under us by a newer commit
    return JSON.parse(gunzipSync(Buffer.concat(parts as Uint8Array[])).toString('utf8')) as ContentAggregate;
  };

  return {
    async load(workspaceId, contentId) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const head = await readHead(workspaceId, contentId);
        const aggregate = await readState(workspaceId, contentId, head);
        if (aggregate) return { head, aggregate };
      }
      throw unavailable(new Error('aggregate state kept changing while being read'));
    },

    async commit(workspaceId, contentId, previous, next) {
      const stateId = randomUUID();
      const packed = gzipSync(JSON.stringify(next.aggregate));
      const chunks = Math.max(1, Math.ceil(packed.length / CHUNK_BYTES));
      for (let index = 0; index < chunks; index++) {
        const data = packed.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
        await guard(() =>
          db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: { ...keys.aggregateChunk(workspaceId, contentId, stateId, index), type: 'aggregateChunk', data, writtenAtMs: Date.now() },
            }),
          ),
        );
      }
      try {
        await guard(() =>
          db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: {
                ...keys.aggregateHead(workspaceId, contentId),
                type: 'aggregateHead',
                version: previous.version + 1,
                position: next.position,
                stateId,
                chunks,
                computedAt: next.computedAt,
                eventsThrough: next.eventsThrough,
              },
              ConditionExpression: previous.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
              ExpressionAttributeValues: previous.version === 0 ? undefined : { ':version': previous.version },
            }),
          ),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        await deleteStates(db, workspaceId, contentId, (chunk) => chunk.stateId === stateId);
        return false;
      }
      // Delete the state this commit replaced, and orphans of crashed runs once surely abandoned —
      // never another state: a run racing us (its lease expired) may have just switched to it.
      const abandonedBefore = Date.now() - ORPHAN_AGE_MS;
      await deleteStates(
        db,
        workspaceId,
        contentId,
        (chunk) => chunk.stateId === previous.stateId || (chunk.stateId !== stateId && chunk.writtenAtMs < abandonedBefore),
      );
      return true;
    },

    async feedCheckpoint() {
      const { Item } = await guard(() =>
        db.doc.send(new GetCommand({ TableName: db.table, Key: keys.feedCheckpoint, ConsistentRead: true })),
      );
      return {
        position: Item ? String(Item.position) : FEED_START,
        through: (Item?.through as string | undefined) ?? null,
        computedAt: (Item?.computedAt as string | undefined) ?? null,
      };
    },

    async advanceFeedCheckpoint(from, to) {
      try {
        await guard(() =>
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
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },

    async acquireLease(owner, now, ttlMs) {
      try {
        await guard(() =>
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
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },

    async releaseLease(owner) {
      try {
        await guard(() =>
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
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // someone else's lease now: leave it
      }
    },
  };
}

// Deletes the state chunks of a content that `which` selects. Best effort: a chunk left behind
// is unreferenced and is removed by a later commit.
async function deleteStates(
  db: Db,
  workspaceId: string,
  contentId: string,
  which: (chunk: { stateId: string; writtenAtMs: number }) => boolean,
) {
  const { pk } = keys.aggregateHead(workspaceId, contentId);
  const { Items = [] } = await guard(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.aggregateChunkPrefix },
        ProjectionExpression: 'pk, sk, writtenAtMs',
      }),
    ),
  );
  const doomed = Items.filter((item) =>
    which({
      stateId: String(item.sk).slice(keys.aggregateChunkPrefix.length).split('#')[0] ?? '',
      writtenAtMs: Number(item.writtenAtMs ?? 0),
    }),
  );
  for (let index = 0; index < doomed.length; index += 25) {
    const batch = doomed.slice(index, index + 25);
    await guard(() =>
      db.doc.send(
        new BatchWriteCommand({
          RequestItems: { [db.table]: batch.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })) },
        }),
      ),
    );
  }
}

