import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ContentAggregate, emptyAggregate } from '../domain/aggregate/content-aggregate.js';
import { RippleError } from '../errors.js';
import { FEED_START, type FeedPosition } from './activity.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { queryAllPages } from './query.js';

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

/** A content the feed moved past while it could not be updated: it catches up from its own position. */
export interface LaggingContent {
  workspaceId: string;
  contentId: string;
  since: string;
  error: string;
}

/** A content's stored state could not be read back whole (a chunk gone for good, or unreadable). */
export class AggregateStateCorrupt extends Error {
  constructor(contentId: string, cause: unknown) {
    super(`The aggregate state of content ${contentId} is unreadable`, { cause });
    this.name = 'AggregateStateCorrupt';
  }
}

export interface AggregateStore {
  load(workspaceId: string, contentId: string): Promise<StoredAggregate>;
  /** Compare-and-set on the head's version: false when another run committed first. */
  commit(
    workspaceId: string,
    contentId: string,
    previous: AggregateHead,
    next: { aggregate: ContentAggregate; position: FeedPosition; computedAt: string; eventsThrough: string | null },
  ): Promise<boolean>;
  /** Empties a content's aggregate back to the start of the feed (a rebuild), whatever its state. */
  reset(workspaceId: string, contentId: string, now: Date): Promise<boolean>;
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
        let aggregate: ContentAggregate | null;
        try {
          aggregate = await readState(workspaceId, contentId, head);
        } catch (error) {
          if (error instanceof RippleError) throw error; // a store fault: retryable
          throw new AggregateStateCorrupt(contentId, error); // gunzip or JSON failed
        }
        if (aggregate) return { head, aggregate };
      }
      // Still missing after the head settled: the chunks are gone, not being replaced.
      throw new AggregateStateCorrupt(contentId, new Error('state chunks missing'));
    },

    async commit(workspaceId, contentId, previous, next) {
      const stateId = randomUUID();
      const packed = gzipSync(JSON.stringify(next.aggregate));
      const chunks = Math.max(1, Math.ceil(packed.length / CHUNK_BYTES));
      const writtenAtMs = Date.now();
      await guard(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.aggregateStateMeta(workspaceId, contentId, stateId), type: 'aggregateState', stateId, chunks, writtenAtMs },
          }),
        ),
      );
      for (let index = 0; index < chunks; index++) {
        const data = packed.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
        await guard(() =>
          db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: { ...keys.aggregateChunk(workspaceId, contentId, stateId, index), type: 'aggregateChunk', data, writtenAtMs },
            }),
          ),
        );
      }
      const switched = await ifConditionHolds(() =>
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
      if (!switched) {
        await deleteState(db, workspaceId, contentId, { stateId, chunks });
        return false;
      }
      // Delete the state this commit replaced, and states of crashed runs once surely abandoned —
      // never another recent state: a run racing us (its lease expired) may have just switched to it.
      if (previous.stateId) await deleteState(db, workspaceId, contentId, { stateId: previous.stateId, chunks: previous.chunks });
      await sweepAbandonedStates(db, workspaceId, contentId, stateId);
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

    async reset(workspaceId, contentId, now) {
      const head = await readHead(workspaceId, contentId);
      return this.commit(workspaceId, contentId, head, {
        aggregate: emptyAggregate(),
        position: FEED_START,
        computedAt: now.toISOString(),
        eventsThrough: null,
      });
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

// Deletes one state by its keys (its chunks and its meta item). Best effort: a leftover is swept
// by a later commit.
async function deleteState(db: Db, workspaceId: string, contentId: string, state: { stateId: string; chunks: number }) {
  const doomed = [
    keys.aggregateStateMeta(workspaceId, contentId, state.stateId),
    ...Array.from({ length: state.chunks }, (_, index) => keys.aggregateChunk(workspaceId, contentId, state.stateId, index)),
  ];
  for (let index = 0; index < doomed.length; index += 25) {
    let requests: Record<string, unknown>[] = doomed.slice(index, index + 25).map((Key) => ({ DeleteRequest: { Key } }));
    while (requests.length > 0) {
      const batch = requests;
      const result = await guard(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: batch as never } })));
      requests = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  }
}

// States whose meta item is older than any run could still be committing, other than the current
// one: left by a crash between writing a state and switching to it (or by a lost race).
async function sweepAbandonedStates(db: Db, workspaceId: string, contentId: string, current: string) {
  const { pk } = keys.aggregateHead(workspaceId, contentId);
  const abandonedBefore = Date.now() - ORPHAN_AGE_MS;
  for await (const page of queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.aggregateStateMetaPrefix },
  })) {
    for (const item of page.Items ?? []) {
      const stateId = String(item.stateId);
      if (stateId !== current && Number(item.writtenAtMs ?? 0) < abandonedBefore) {
        await deleteState(db, workspaceId, contentId, { stateId, chunks: Number(item.chunks ?? 0) });
      }
    }
  }
}
