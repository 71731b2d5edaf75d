import { hashApiKey } from '../domain/ids.js';
import { unauthorized } from '../errors.js';
import type { WorkspaceStore } from '../store/workspaces.js';
import { type HttpEvent, header } from './event.js';

// `Authorization: Bearer <key>` → the key's workspace. Keys are looked up by hash only, and
// every lookup reads the store, so a revoked key stops working at once.
export async function authenticate(event: HttpEvent, workspaces: Pick<WorkspaceStore, 'workspaceForKey'>): Promise<string> {
  const match = /^Bearer\s+(\S{1,256})\s*$/i.exec(header(event, 'authorization') ?? '');
  if (!match?.[1]) throw unauthorized();
  const workspaceId = await workspaces.workspaceForKey(hashApiKey(match[1]));
  if (!workspaceId) throw unauthorized('Unknown or revoked API key');
  return workspaceId;
}
