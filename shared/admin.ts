import { hashApiKey, newApiKey, newWorkspaceId } from './domain/ids.js';
import type { WorkspaceStore } from './store/workspaces.js';

// Operator actions (no HTTP route: whoever holds the table holds these), used by
// `npm run workspace` and by the local stack's first start.
export async function createWorkspaceWithKey(
  workspaces: WorkspaceStore,
  input: { name: string; workspaceId?: string; apiKey?: string; keyPrefix?: string },
  now: Date,
): Promise<{ workspaceId: string; apiKey: string }> {
  const workspaceId = input.workspaceId ?? newWorkspaceId();
  const apiKey = input.apiKey ?? newApiKey(input.keyPrefix);
  await workspaces.createWorkspace({ id: workspaceId, name: input.name }, now);
  await addKey(workspaces, workspaceId, apiKey, input.name, now);
  return { workspaceId, apiKey };
}

export async function addKey(workspaces: WorkspaceStore, workspaceId: string, apiKey: string, label: string, now: Date) {
  const keyHash = hashApiKey(apiKey);
  if (await workspaces.addApiKey({ keyHash, workspaceId, label }, now)) return;
  // Already registered: fine if it is this workspace's live key (a restart), an error otherwise.
  if ((await workspaces.workspaceForKey(keyHash)) !== workspaceId) {
    throw new Error('That API key is revoked or belongs to another workspace');
  }
}

export async function revokeKey(workspaces: WorkspaceStore, apiKey: string, now: Date): Promise<boolean> {
  return workspaces.revokeApiKey(hashApiKey(apiKey), now);
}
