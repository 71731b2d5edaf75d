import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newLinkCode } from '../domain/ids.js';
import type { Link, Utm } from '../domain/link.js';
import { RippleError } from '../errors.js';
import type { CreateOutcome } from './create-outcome.js';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';
import type { Page } from './pagination.js';
import { putIfAbsent } from './put-if-absent.js';
import { batchGetItems, partitionQuery, queryAllPages, queryPage } from './query.js';
import { INDEXES } from './table.js';

export interface LinkStore {
  /** Stores a new link built around a fresh code, drawing another code on the rare collision. */
  create(build: (code: string) => Link): Promise<Link>;
  /**
   * Stores a link under the code it already has (an idempotent mint, with its request's fingerprint,
   * or a visitor's claimed re-share); when taken, reports the stored one.
   */
  createWithCode(link: Link, requestFingerprint?: string): Promise<CreateOutcome<Link>>;
  /** A link this workspace created under an Idempotency-Key, with that request's fingerprint (read consistently). */
  findKeyed(workspaceId: string, code: string): Promise<KeyedLink | null>;
  /** The same for many codes at once (a batch's), by code; codes held by no link of this workspace are absent. */
  findKeyedMany(workspaceId: string, codes: readonly string[]): Promise<Map<string, KeyedLink>>;
  /** Public resolution by code, across workspaces: only the public routes (redirect, re-share, QR) use it. */
  get(code: string): Promise<Link | null>;
  /** A link as seen by one workspace: another tenant's link is indistinguishable from none. */
  getInWorkspace(workspaceId: string, code: string): Promise<Link | null>;
  /** Many links as seen by one workspace, by code: another tenant's, like unknown codes, are absent. */
  getManyInWorkspace(workspaceId: string, codes: readonly string[]): Promise<Map<string, Link>>;
  listOfContent(workspaceId: string, contentId: string, options: { limit: number; cursor?: string }): Promise<Page<Link>>;
  countChildren(workspaceId: string, code: string): Promise<number>;
}

export interface KeyedLink {
  link: Link;
  fingerprint: string | null;
}

const CODE_ATTEMPTS = 3;

// `consistentReads`: for the management API, which reads links right after minting them (as
// makeContentStore explains); the public routes keep the half-price default.
export function makeLinkStore(db: Db, options: { newCode?: () => string; consistentReads?: boolean } = {}): LinkStore {
  const newCode = options.newCode ?? newLinkCode;
  const ConsistentRead = options.consistentReads === true;

  const get = async (code: string) => {
    const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.link(code), ConsistentRead })));
    return Item ? linkFromItem(Item) : null;
  };
  // Consistent, like findKeyed: a batch retried right after a crash must see every link it wrote.
  const getManyItems = async (workspaceId: string, codes: readonly string[]) => {
    const items = await batchGetItems(
      db,
      [...new Set(codes)].map((code) => keys.link(code)),
    );
    return items.filter((item) => item.workspaceId === workspaceId);
  };

  return {
    async create(build) {
      for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
        const link = build(newCode());
        if ((await putIfAbsent(db, linkItem(link))).created) return link;
      }
      throw new RippleError('internal_error', `No free link code after ${CODE_ATTEMPTS} attempts`);
    },

    async createWithCode(link, requestFingerprint) {
      const outcome = await putIfAbsent(db, { ...linkItem(link), ...(requestFingerprint === undefined ? {} : { requestFingerprint }) });
      if (outcome.created) return { created: true, value: link };
      const existing = linkFromItem(outcome.existing);
      // Another tenant's link under this code can never count as a replay.
      const sameTenant = existing.workspaceId === link.workspaceId;
      const fingerprint = sameTenant ? ((outcome.existing.requestFingerprint as string | undefined) ?? null) : null;
      return { created: false, existing, fingerprint };
    },

    async findKeyed(workspaceId, code) {
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.link(code), ConsistentRead: true })));
      if (!Item || Item.workspaceId !== workspaceId) return null;
      return { link: linkFromItem(Item), fingerprint: (Item.requestFingerprint as string | undefined) ?? null };
    },

    async findKeyedMany(workspaceId, codes) {
      const items = await getManyItems(workspaceId, codes);
      const keyed = (item: Record<string, unknown>) => ({ link: linkFromItem(item), fingerprint: (item.requestFingerprint as string | undefined) ?? null });
      return new Map(items.map((item) => [String(item.code), keyed(item)]));
    },

    get,

    async getManyInWorkspace(workspaceId, codes) {
      const items = await getManyItems(workspaceId, codes);
      return new Map(items.map((item) => [String(item.code), linkFromItem(item)]));
    },

    async getInWorkspace(workspaceId, code) {
      const link = await get(code);
      return link && link.workspaceId === workspaceId ? link : null;
    },

    async listOfContent(workspaceId, contentId, { limit, cursor }) {
      const page = await queryPage(db, {
        index: INDEXES.byOwner,
        partition: keys.linksOfContent(workspaceId, contentId),
        limit,
        cursor,
      });
      return { items: page.items.map(linkFromItem), nextCursor: page.nextCursor };
    },

    async countChildren(workspaceId, code) {
      let count = 0;
      const pages = queryAllPages(db, { ...partitionQuery(keys.childrenOfLink(workspaceId, code), { index: INDEXES.byGroup }), Select: 'COUNT' });
      for await (const page of pages) count += page.Count ?? 0;
      return count;
    },
  };
}

/**
 * The stored item of a link (exported for bulk loading in tests and benchmarks). Its place in the
 * activity feed is when Ripple received it, not the creation time an import claims: the
 * aggregation reads the feed forward from its checkpoint, and an old `createdAt` would sort behind it.
 */
export function linkItem(link: Link) {
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
    ...keys.activity(link.receivedAt ?? link.createdAt, link.code),
    type: 'link',
    ...link,
  };
}

export function linkFromItem(item: Record<string, unknown>): Link {
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
    ...(typeof item.receivedAt === 'string' ? { receivedAt: item.receivedAt } : {}),
  };
}
