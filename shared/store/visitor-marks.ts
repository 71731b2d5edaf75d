import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';

export interface MarkRequest {
  workspaceId: string;
  visitorId: string;
  /** Mark name (keys.marks.*) → the id of the earliest click in this step that would set it. */
  proposals: Record<string, string>;
  lastTouch: { contentId: string; at: string };
}

export interface VisitorMarkStore {
  /** Sets each proposed mark unless already set; answers every proposed mark's stored click id. */
  mark(request: MarkRequest): Promise<Record<string, string>>;
  /** Each visitor's mark on one link: the id of the click that first touched it, or null. */
  linkMarks(workspaceId: string, visitorIds: readonly string[], code: string): Promise<Map<string, string | null>>;
  /** The content of the visitor's latest human click, as far as the aggregation has seen. */
  lastTouch(workspaceId: string, visitorId: string): Promise<{ contentId: string; at: string } | null>;
}

// One item per (workspace, visitor) holds its marks: which click first touched each content, link,
// generation and channel. `if_not_exists` makes setting a mark atomic, and a mark records the
// click that set it, so a run that reprocesses the same events (after a crash, or a concurrent
// run) recognises its own earlier marks: unique visitors and first touch stay exact without ever
// re-reading a content's history.
export function makeVisitorMarkStore(db: Db): VisitorMarkStore {
  return {
    async mark({ workspaceId, visitorId, proposals, lastTouch }) {
      const names: Record<string, string> = { '#lastContent': 'lastContent', '#lastAt': 'lastAt' };
      const values: Record<string, unknown> = { ':lastContent': lastTouch.contentId, ':lastAt': lastTouch.at };
      const assignments = ['#lastContent = :lastContent', '#lastAt = :lastAt'];
      Object.entries(proposals).forEach(([mark, clickId], index) => {
        names[`#m${index}`] = mark;
        values[`:m${index}`] = clickId;
        assignments.push(`#m${index} = if_not_exists(#m${index}, :m${index})`);
      });
      const { Attributes = {} } = await guard(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.visitorMarks(workspaceId, visitorId),
            UpdateExpression: `SET ${assignments.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      const stored: Record<string, string> = {};
      for (const mark of Object.keys(proposals)) stored[mark] = String(Attributes[mark]);
      return stored;
    },

    async linkMarks(workspaceId, visitorIds, code) {
      const mark = keys.marks.link(code);
      const found = new Map<string, string | null>(visitorIds.map((visitorId) => [visitorId, null]));
      for (let index = 0; index < visitorIds.length; index += 100) {
        let request: Record<string, unknown>[] = visitorIds.slice(index, index + 100).map((visitorId) => keys.visitorMarks(workspaceId, visitorId));
        while (request.length > 0) {
          const keysToGet = request;
          const result = await guard(() =>
            db.doc.send(
              new BatchGetCommand({
                RequestItems: {
                  [db.table]: { Keys: keysToGet, ProjectionExpression: 'pk, #mark', ExpressionAttributeNames: { '#mark': mark }, ConsistentRead: true },
                },
              }),
            ),
          );
          for (const item of result.Responses?.[db.table] ?? []) {
            const visitorId = String(item.pk).split('#VISITOR#')[1] ?? '';
            if (item[mark] !== undefined) found.set(visitorId, String(item[mark]));
          }
          request = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
        }
      }
      return found;
    },

    async lastTouch(workspaceId, visitorId) {
      const { Item } = await guard(() =>
        db.doc.send(
          new GetCommand({
            TableName: db.table,
            Key: keys.visitorMarks(workspaceId, visitorId),
            ProjectionExpression: 'lastContent, lastAt',
            ConsistentRead: true,
          }),
        ),
      );
      return Item?.lastContent ? { contentId: String(Item.lastContent), at: String(Item.lastAt) } : null;
    },
  };
}
