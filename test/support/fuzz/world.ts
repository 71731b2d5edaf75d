import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspaceWithKey, revokeKey } from '../../../shared/admin.js';
import { newSubscription } from '../../../shared/domain/webhooks/subscription.js';
import { makeWebhookStore } from '../../../shared/store/webhooks.js';
import { makeWorkspaceStore } from '../../../shared/store/workspaces.js';
import { LOCAL_WORKSPACE_ID } from '../../../infra/local/local-workspace.js';
import { api } from '../http.js';
import type { LocalStack } from '../local-stack.js';

// What hostile requests aim at: two workspaces with a resource of every kind a route can name,
// plus keys and share tokens that must open nothing (revoked). Workspace A is the stack's own.

export type Owner = 'A' | 'B';

export interface WorkspaceFixtures {
  workspaceId: string;
  key: string;
  /** An active content in `campaign`, with a seed link and a child, a live share and a share to revoke. */
  content: { id: string; origin: string };
  campaign: string;
  seed: string;
  child: string;
  /** A content left for PATCH to play with. */
  patchable: string;
  /** A deactivated content and a link minted before: its link answers 410. */
  inactive: string;
  deadLink: string;
  hook: string;
  /** A subscription DELETE may remove. */
  doomedHook: string;
  share: { id: string; token: string };
  /** A share of `content` that DELETE may revoke. */
  doomedShare: string;
}

export interface FuzzWorld {
  url: string;
  A: WorkspaceFixtures;
  B: WorkspaceFixtures;
  /** Tokens that open nothing any more. */
  revokedKey: string;
  revokedShareToken: string;
  /** The dashboard's built files the page names (entry script, style sheet). */
  assets: string[];
}

export async function buildWorld(stack: LocalStack): Promise<FuzzWorld> {
  const workspaces = makeWorkspaceStore(stack.db());
  const now = new Date();
  const b = await createWorkspaceWithKey(workspaces, { name: 'fuzz-b', workspaceId: 'ws_fuzz_b' }, now);
  const revoked = await createWorkspaceWithKey(workspaces, { name: 'fuzz-revoked' }, now);
  await revokeKey(workspaces, revoked.apiKey, now);

  const A = await fixturesOf(stack, { workspaceId: LOCAL_WORKSPACE_ID, key: stack.apiKey }, { origin: 'https://fuzz-a.example.com', campaign: 'fuzz-a' });
  const B = await fixturesOf(stack, { workspaceId: b.workspaceId, key: b.apiKey }, { origin: 'https://fuzz-b.example.net', campaign: 'fuzz-b' });
  const revokedShare = await call(stack, A.key, 'POST', `/v1/contents/${A.content.id}/shares`, { label: 'revoked' });
  await call(stack, A.key, 'DELETE', `/v1/contents/${A.content.id}/shares/${revokedShare.id}`);
  const { dashboard } = JSON.parse(readFileSync(join(stack.dataDir, 'web', 'manifest.json'), 'utf8')) as { dashboard: { script: string; style: string } };
  return { url: stack.url, A, B, revokedKey: revoked.apiKey, revokedShareToken: revokedShare.token, assets: [dashboard.script, dashboard.style] };
}

async function fixturesOf(
  stack: LocalStack,
  workspace: { workspaceId: string; key: string },
  { origin, campaign }: { origin: string; campaign: string },
): Promise<WorkspaceFixtures> {
  const as = (method: string, path: string, body?: unknown) => call(stack, workspace.key, method, path, body);
  const content = await as('POST', '/v1/contents', { url: `${origin}/spring?utm_source=fuzz`, title: 'Fuzz target', campaign });
  const seed = await as('POST', `/v1/contents/${content.id}/links`, { sharer: 'seed', channel: 'x' });
  const child = await as('POST', `/v1/contents/${content.id}/links`, { parent: seed.code, sharer: 'child' });
  const patchable = await as('POST', '/v1/contents', { url: `${origin}/patch-me` });
  const inactive = await as('POST', '/v1/contents', { url: `${origin}/gone`, campaign });
  const deadLink = await as('POST', `/v1/contents/${inactive.id}/links`, {});
  await as('PATCH', `/v1/contents/${inactive.id}`, { active: false });
  const share = await as('POST', `/v1/contents/${content.id}/shares`, { label: 'live' });
  const doomedShare = await as('POST', `/v1/contents/${content.id}/shares`, { label: 'doomed' });
  // Straight into the store: a loopback target the API refuses (and delivery refuses again at
  // connection time, at once), so a test send never waits on the network.
  const hooks = makeWebhookStore(stack.db());
  const subscription = () => newSubscription(workspace.workspaceId, { url: 'http://127.0.0.1:9/fuzz', events: ['content.threshold_crossed'] }, new Date());
  const hook = subscription();
  const doomedHook = subscription();
  await hooks.insert(hook);
  await hooks.insert(doomedHook);
  return {
    ...workspace,
    content: { id: content.id, origin },
    campaign,
    seed: seed.code,
    child: child.code,
    patchable: patchable.id,
    inactive: inactive.id,
    deadLink: deadLink.code,
    hook: hook.id,
    doomedHook: doomedHook.id,
    share: { id: share.id, token: share.token },
    doomedShare: doomedShare.id,
  };
}

async function call(stack: LocalStack, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await api(stack, method, path, body, { key });
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
