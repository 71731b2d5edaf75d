import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addKey, createWorkspaceWithKey } from '../../shared/admin.js';
import type { WorkspaceStore } from '../../shared/store/workspaces.js';

export const LOCAL_WORKSPACE_ID = 'ws_local';

// The local stack's one workspace. Its key is RIPPLE_API_KEY when set; otherwise the key made
// on first start and kept in the data folder, so restarts keep working with the same key.
export async function ensureLocalWorkspace(
  workspaces: WorkspaceStore,
  dataDir: string,
  configuredKey: string | undefined,
  now: Date,
): Promise<{ apiKey: string; source: 'RIPPLE_API_KEY' | 'data folder' | 'new' }> {
  const keyFile = join(dataDir, 'api-key');
  if (configuredKey) {
    await createWorkspaceWithKey(workspaces, { name: 'local', workspaceId: LOCAL_WORKSPACE_ID, apiKey: configuredKey }, now);
    return { apiKey: configuredKey, source: 'RIPPLE_API_KEY' };
  }
  if (existsSync(keyFile)) {
    const apiKey = readFileSync(keyFile, 'utf8').trim();
    await addKey(workspaces, LOCAL_WORKSPACE_ID, apiKey, 'local', now);
    return { apiKey, source: 'data folder' };
  }
  const { apiKey } = await createWorkspaceWithKey(workspaces, { name: 'local', workspaceId: LOCAL_WORKSPACE_ID, keyPrefix: 'rpl_local' }, now);
  writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
  return { apiKey, source: 'new' };
}
