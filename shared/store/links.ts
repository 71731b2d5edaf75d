import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newLinkCode } from '../domain/ids.js';
import type { Link, Utm } from '../domain/link.js';
import { RippleError } from '../errors.js';
import { type Db, guard, isConditionalCheckFailed } from './db.js';
import { ACTIVITY_SHARDS, keys, randomShard } from './keys.js';
import { decodeCursor, encodeCursor, type Page } from './pagination.js';
import { INDEXES } from './table.js';

export interface LinkStore {
  /** Stores a new link built around a fresh code, drawing another code on the rare collision. */
  create(build: (code: string) => Link): Promise<Link>;
  /** Public resolution by code, across workspaces: only the redirect and re-share use it. */
  get(code: string): Promise<Link | null>;
  /** A link as seen by one workspace: another tenant's link is indistinguishable from none. */
  getInWorkspace(workspaceId: string, code: string): Promise<Link | null>;
  listOfContent(workspaceId: string, contentId: string, options: { limit: number; cursor?: string }): Promise<Page<Link>>;
  countChildren(workspaceId: string, code: string): Promise<number>;
}

const CODE_ATTEMPTS = 3;

export function makeLinkStore(db: Db, options: { newCode?: () => string } = {}): LinkStore {
  const newCode = options.newCode ?? newLinkCode;

  const get = async (code: string) => {
    const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.link(code) })));
    return Item ? linkFromItem(Item) : null;
  };

  return {
    async create(build) {
      for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
        const link = build(newCode());
        try {
          await guard(() =>
            db.doc.send(
              new PutCommand({ TableName: db.table, Item: linkItem(link), ConditionExpression: 'attribute_not_exists(pk)' }),
            ),
          );
          return link;
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
      throw new RippleError('internal_error', `No free link code after ${CODE_ATTEMPTS} attempts`);
    },

    get,

    async getInWorkspace(workspaceId, code) {
      const link = await get(code);
      return link && link.workspaceId === workspaceId ? link : null;
    },

    async listOfContent(workspaceId, contentId, { limit, cursor }) {
      const index = INDEXES.byOwner;
      const partition = keys.linksOfContent(workspaceId, contentId);
      const startKey = decodeCursor(cursor, {
        attributes: ['pk', 'sk', index.partition, index.sort],
        partition: [index.partition, partition],
      });
      const { Items = [], LastEvaluatedKey } = await guard(() =>
        db.doc.send(
          new QueryCommand({
            TableName: db.table,
            IndexName: index.name,
            KeyConditionExpression: '#partition = :partition',
            ExpressionAttributeNames: { '#partition': index.partition },
            ExpressionAttributeValues: { ':partition': partition },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      return { items: Items.map(linkFromItem), nextCursor: encodeCursor(LastEvaluatedKey) };
    },

    async countChildren(workspaceId, code) {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await guard(() =>
          db.doc.send(
            new QueryCommand({
              TableName: db.table,
              IndexName: INDEXES.byGroup.name,
              KeyConditionExpression: '#partition = :partition',
              ExpressionAttributeNames: { '#partition': INDEXES.byGroup.partition },
              ExpressionAttributeValues: { ':partition': keys.childrenOfLink(workspaceId, code) },
              Select: 'COUNT',
              ExclusiveStartKey: startKey,
            }),
          ),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },
  };
}

function linkItem(link: Link) {
  const createdOrder = keys.byTime(link.createdAt, link.code);
  return {
    ...keys.link(link.code),
    [INDEXES.byOwner.partition]: keys.linksOfContent(link.workspaceId, link.contentId),
    [INDEXES.byOwner.sort]: createdOrder,
    ...(link.parent === null
      ? {}
      : {
          [INDEXES.byGroup.partition]: keys.childrenOfLink(link.workspaceId, link.parent),
          [INDEXES.byGroup.sort]: createdOrder,
        }),
    [INDEXES.byActivity.partition]: keys.activityPartition(link.createdAt, randomShard(ACTIVITY_SHARDS)),
    [INDEXES.byActivity.sort]: createdOrder,
    type: 'link',
    ...link,
  };
}

function linkFromItem(item: Record<string, unknown>): Link {
  return {
    code: String(item.code),
    workspaceId: String(item.workspaceId),
    contentId: String(item.contentId),
    parent: (item.parent as string | null | undefined) ?? null,
    rootCode: String(item.rootCode),
    generation: Number(item.generation),
    sharer: (item.sharer as string | null | undefined) ?? null,
    channel: (item.channel as string | null | undefined) ?? null,
    utm: (item.utm as Utm | null | undefined) ?? null,
    creatorVisitorId: (item.creatorVisitorId as string | null | undefined) ?? null,
    createdAt: String(item.createdAt),
  };
}
