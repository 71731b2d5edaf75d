import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';
import { queryAllPages } from './query.js';

export interface MaturityWatch {
  dueAt: string;
  workspaceId: string;
  contentId: string;
}

export interface MaturityWatchStore {
  /** Asks for the content to be looked at again at `dueAt` (idempotent). */
  watch(entry: MaturityWatch): Promise<void>;
  due(through: string): Promise<MaturityWatch[]>;
  done(entry: MaturityWatch): Promise<void>;
}

// K-factor thresholds can be crossed by time alone, as re-share links mature with no new event:
// a content with such thresholds pending is re-evaluated when its next link matures.
export function makeMaturityWatchStore(db: Db): MaturityWatchStore {
  return {
    async watch(entry) {
      await guard(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.maturityWatch(entry.dueAt, entry.workspaceId, entry.contentId), type: 'maturityWatch', ...entry },
          }),
        ),
      );
    },

    async due(through) {
      const entries: MaturityWatch[] = [];
      for await (const page of queryAllPages(db, {
        KeyConditionExpression: 'pk = :pk AND sk <= :through',
        ExpressionAttributeValues: { ':pk': keys.maturityWatchPartition, ':through': keys.throughTime(through) },
      })) {
        for (const item of page.Items ?? []) {
          entries.push({ dueAt: String(item.dueAt), workspaceId: String(item.workspaceId), contentId: String(item.contentId) });
        }
      }
      return entries;
    },

    async done(entry) {
      await guard(() => db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.maturityWatch(entry.dueAt, entry.workspaceId, entry.contentId) })));
    },
  };
}
