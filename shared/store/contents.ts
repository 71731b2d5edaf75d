import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Content, UpdateContentInput } from '../domain/content.js';
import type { CreateOutcome } from './create-outcome.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import type { Page } from './pagination.js';
import { putIfAbsent } from './put-if-absent.js';
import { queryPage } from './query.js';
import { INDEXES } from './table.js';

export interface ContentStore {
  /** Creates the content; when its id is taken, reports the stored one. */
  insert(content: Content, requestFingerprint?: string): Promise<CreateOutcome<Content>>;
  get(workspaceId: string, contentId: string): Promise<Content | null>;
  /** Applies a patch; null when the content does not exist in this workspace. */
  update(workspaceId: string, contentId: string, patch: UpdateContentInput, now: Date): Promise<Content | null>;
  list(workspaceId: string, options: { campaign?: string; limit: number; cursor?: string }): Promise<Page<Content>>;
}

// `consistentReads`: for the management API, whose caller may read right after its own write
// (create a content, then mint its link); DynamoDB's default read may miss a write of the last
// second, which neither dynalite nor DynamoDB Local shows. The redirect's cached reads keep the
// half-price default.
export function makeContentStore(db: Db, options: { consistentReads?: boolean } = {}): ContentStore {
  const ConsistentRead = options.consistentReads === true;
  return {
    async insert(content, requestFingerprint) {
      const outcome = await putIfAbsent(db, { ...contentItem(content), requestFingerprint });
      if (outcome.created) return { created: true, value: content };
      return {
        created: false,
        existing: contentFromItem(outcome.existing),
        fingerprint: (outcome.existing.requestFingerprint as string | undefined) ?? null,
      };
    },

    async get(workspaceId, contentId) {
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.content(workspaceId, contentId), ConsistentRead })));
      return Item ? contentFromItem(Item) : null;
    },

    async update(workspaceId, contentId, patch, now) {
      const assignments = ['updatedAt = :updatedAt'];
      const values: Record<string, unknown> = { ':updatedAt': now.toISOString() };
      if (patch.title !== undefined) {
        assignments.push('title = :title');
        values[':title'] = patch.title;
      }
      if (patch.active !== undefined) {
        assignments.push('active = :active');
        values[':active'] = patch.active;
      }
      const updated = await ifConditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.content(workspaceId, contentId),
            UpdateExpression: `SET ${assignments.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return updated?.Attributes ? contentFromItem(updated.Attributes) : null;
    },

    async list(workspaceId, { campaign, limit, cursor }) {
      const page = await queryPage(db, {
        index: campaign === undefined ? INDEXES.byOwner : INDEXES.byGroup,
        partition: campaign === undefined ? keys.contentsOfWorkspace(workspaceId) : keys.contentsOfCampaign(workspaceId, campaign),
        limit,
        cursor,
      });
      return { items: page.items.map(contentFromItem), nextCursor: page.nextCursor };
    },
  };
}

/** The stored item of a content (exported for bulk loading in tests and benchmarks). */
export function contentItem(content: Content) {
  return {
    ...keys.content(content.workspaceId, content.id),
    [INDEXES.byOwner.partition]: keys.contentsOfWorkspace(content.workspaceId),
    [INDEXES.byOwner.sort]: keys.byTime(content.createdAt, content.id),
    ...(content.campaign === null
      ? {}
      : {
          [INDEXES.byGroup.partition]: keys.contentsOfCampaign(content.workspaceId, content.campaign),
          [INDEXES.byGroup.sort]: keys.byTime(content.createdAt, content.id),
        }),
    type: 'content',
    ...content,
  };
}

function contentFromItem(item: Record<string, unknown>): Content {
  return {
    id: String(item.id),
    workspaceId: String(item.workspaceId),
    url: String(item.url),
    title: (item.title as string | null | undefined) ?? null,
    campaign: (item.campaign as string | null | undefined) ?? null,
    refParam: String(item.refParam),
    kWindowSeconds: Number(item.kWindowSeconds),
    active: item.active === true,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}
