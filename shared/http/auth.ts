import { hashApiKey } from '../domain/ids.js';
import { claimsToBeShareToken } from '../domain/share.js';
import { unauthorized } from '../errors.js';
import type { ShareStore } from '../store/shares.js';
import type { WorkspaceStore } from '../store/workspaces.js';
import { type HttpEvent, header } from './event.js';
import { authorizeShareToken } from './share-auth.js';

export interface Authenticators {
  workspaces: Pick<WorkspaceStore, 'workspaceForKey'>;
  shares: Pick<ShareStore, 'shareForToken'>;
}

// `Authorization: Bearer <key or share token>` → the workspace the request acts in. An API key
// opens its whole workspace; a share token (`rshr_…`) only the reads of its own content
// (shared/http/share-auth.ts).
export async function authenticateRequest(event: HttpEvent, stores: Authenticators, now: Date): Promise<string> {
  const token = bearerToken(event);
  if (claimsToBeShareToken(token)) return (await authorizeShareToken(event, token, stores.shares, now)).workspaceId;
  return workspaceOfKey(token, stores.workspaces);
}

// `Authorization: Bearer <key>` → the key's workspace. Keys are looked up by hash only, and
// every lookup reads the store, so a revoked key stops working at once.
export async function authenticate(event: HttpEvent, workspaces: Pick<WorkspaceStore, 'workspaceForKey'>): Promise<string> {
  return workspaceOfKey(bearerToken(event), workspaces);
}

function bearerToken(event: HttpEvent): string {
  const match = /^Bearer\s+(\S{1,256})\s*$/i.exec(header(event, 'authorization') ?? '');
  if (!match?.[1]) throw unauthorized();
  return match[1];
}

async function workspaceOfKey(key: string, workspaces: Pick<WorkspaceStore, 'workspaceForKey'>): Promise<string> {
  const workspaceId = await workspaces.workspaceForKey(hashApiKey(key));
  if (!workspaceId) throw unauthorized('Unknown or revoked API key');
  return workspaceId;
}
