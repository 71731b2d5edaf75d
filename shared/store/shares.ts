import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Share, type ShareGrant, shareIsLive } from '../domain/share.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import type { Page } from './pagination.js';
import { putIfAbsent } from './put-if-absent.js';
import { queryPage } from './query.js';
import { INDEXES, TTL_ATTRIBUTE } from './table.js';

export interface ShareStore {
  create(share: Share): Promise<void>;
  /** A content's shares, newest first. */
  list(workspaceId: string, contentId: string, options: { limit: number; cursor?: string }): Promise<Page<Share>>;
  /** Ends a share; false when there is no such share (or it was already revoked). */
  revoke(workspaceId: string, contentId: string, shareId: string): Promise<boolean>;
  /** What a token (by its hash) opens at `now`: null when unknown, revoked or expired. One GetItem. */
  shareForToken(tokenHash: string, now: Date): Promise<ShareGrant | null>;
}

// Two items per share (docs/data-model.md, "Read-only report links"): the token item, found by
// token hash alone, and the share item under the content for listing and revoking. `expiresAt`
// is the table's TTL attribute (epoch seconds), so the share's own ISO expiry is `validUntil`.
export function makeShareStore(db: Db): ShareStore {
  return {
    async create(share) {
      // The share item first: if the token item then fails, the share is listed and revocable
      // but opens nothing; the other order could leave a working token that no listing shows.
      await putIfAbsent(db, shareItem(share));
      await putIfAbsent(db, tokenItem(share));
    },

    async list(workspaceId, contentId, { limit, cursor }) {
      const page = await queryPage(db, { index: INDEXES.byOwner, partition: keys.sharesOfContent(workspaceId, contentId), limit, cursor });
      return { items: page.items.map(shareFromItem), nextCursor: page.nextCursor };
    },

    async revoke(workspaceId, contentId, shareId) {
      const key = keys.share(workspaceId, contentId, shareId);
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true })));
      if (!Item) return false;
      // The token item first, so access ends with this call even if the second delete fails
      // (a retried DELETE then finds the share item and finishes).
      await guard(() => db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.shareToken(String(Item.tokenHash)) })));
      const deleted = await ifConditionHolds(() =>
        db.doc.send(new DeleteCommand({ TableName: db.table, Key: key, ConditionExpression: 'attribute_exists(pk)' })),
      );
      return deleted !== null;
    },

    async shareForToken(tokenHash, now) {
      // Consistent: a revoked share must stop opening at once, not after replication catches up.
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.shareToken(tokenHash), ConsistentRead: true })));
      if (!Item) return null;
      const grant: ShareGrant = {
        workspaceId: String(Item.workspaceId),
        contentId: String(Item.contentId),
        shareId: String(Item.shareId),
        expiresAt: (Item.validUntil as string | null | undefined) ?? null,
      };
      // TTL deletes expired items only eventually (within days), so expiry is checked here.
      return shareIsLive(grant, now) ? grant : null;
    },
  };
}

// TTL removes both items once the share has expired; a share without expiry keeps them.
const ttlOf = (share: Share) => (share.expiresAt === null ? {} : { [TTL_ATTRIBUTE]: Math.ceil(Date.parse(share.expiresAt) / 1000) });

function shareItem(share: Share) {
  return {
    ...keys.share(share.workspaceId, share.contentId, share.id),
    [INDEXES.byOwner.partition]: keys.sharesOfContent(share.workspaceId, share.contentId),
    [INDEXES.byOwner.sort]: keys.byTime(share.createdAt, share.id),
    type: 'share',
    id: share.id,
    workspaceId: share.workspaceId,
    contentId: share.contentId,
    tokenHash: share.tokenHash,
    label: share.label,
    createdAt: share.createdAt,
    validUntil: share.expiresAt,
    ...ttlOf(share),
  };
}

function tokenItem(share: Share) {
  return {
    ...keys.shareToken(share.tokenHash),
    type: 'shareToken',
    workspaceId: share.workspaceId,
    contentId: share.contentId,
    shareId: share.id,
    createdAt: share.createdAt,
    validUntil: share.expiresAt,
    ...ttlOf(share),
  };
}

function shareFromItem(item: Record<string, unknown>): Share {
  return {
    id: String(item.id),
    workspaceId: String(item.workspaceId),
    contentId: String(item.contentId),
    tokenHash: String(item.tokenHash),
    label: (item.label as string | null | undefined) ?? null,
    createdAt: String(item.createdAt),
    expiresAt: (item.validUntil as string | null | undefined) ?? null,
  };
}
