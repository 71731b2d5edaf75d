import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { putIfAbsent } from './put-if-absent.js';

export interface WorkspaceStore {
  createWorkspace(workspace: { id: string; name: string }, now: Date): Promise<void>;
  /** Registers a key hash for a workspace; false when that hash is already registered. */
  addApiKey(entry: { keyHash: string; workspaceId: string; label: string }, now: Date): Promise<boolean>;
  /** The workspace a key hash belongs to, or null when unknown or revoked. */
  workspaceForKey(keyHash: string): Promise<string | null>;
  revokeApiKey(keyHash: string, now: Date): Promise<boolean>;
}

export function makeWorkspaceStore(db: Db): WorkspaceStore {
  return {
    async createWorkspace(workspace, now) {
      // Creating is idempotent: a workspace already there is left as it is.
      await putIfAbsent(db, { ...keys.workspace(workspace.id), type: 'workspace', ...workspace, createdAt: now.toISOString() });
    },

    async addApiKey({ keyHash, workspaceId, label }, now) {
      const item = { ...keys.apiKey(keyHash), type: 'apiKey', workspaceId, label, createdAt: now.toISOString() };
      return (await putIfAbsent(db, item)).created;
    },

    async workspaceForKey(keyHash) {
      const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.apiKey(keyHash) })));
      if (!Item || Item.revokedAt) return null;
      return String(Item.workspaceId);
    },

    async revokeApiKey(keyHash, now) {
      const written = await ifConditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.apiKey(keyHash),
            UpdateExpression: 'SET revokedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          }),
        ),
      );
      return written !== null;
    },
  };
}
