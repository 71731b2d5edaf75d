// The data the sample events in events/ refer to, so `npm run invoke` (and the tests that run
// every sample event) get meaningful answers from a fresh, in-memory DynamoDB.
import { createWorkspaceWithKey } from '../../shared/admin.js';
import type { Content } from '../../shared/domain/content.js';
import type { Link } from '../../shared/domain/link.js';
import { hashShareToken } from '../../shared/domain/share.js';
import type { Db } from '../../shared/store/db.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { makeOutboxStore, pendingEvent } from '../../shared/store/outbox.js';
import { makeShareStore } from '../../shared/store/shares.js';
import { makeWebhookStore } from '../../shared/store/webhooks.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';

export const SAMPLE = {
  workspaceId: 'ws_sample',
  apiKey: 'rpl_sample_0123456789abcdefghijklmnopqrstuv',
  contentId: 'cnt_sampleContent00000001',
  linkCode: 'sampleLnk1',
  visitorCookie: 'rpl_vid=h_sampleVisitor000000001',
  webhookId: 'wh_sampleWebhook00000001',
  removableWebhookId: 'wh_sampleWebhook00000002',
  // A read-only report link whose token the shared-report event sends, and one to revoke.
  shareId: 'shr_sampleShare0000000001',
  shareToken: 'rshr_sampleShareToken0000000000000001',
  removableShareId: 'shr_sampleShare0000000002',
  // Port 9 (discard) on loopback: nothing listens, so a sample delivery fails at once, harmlessly.
  webhookUrl: 'http://127.0.0.1:9/ripple-sample',
  // A threshold event already due in the outbox, so a delivery round has one to attempt.
  outboxEventId: 'evt_sampleThresholdCrossed01',
} as const;

const at = '2026-11-01T09:00:00.000Z';

export async function seedSampleData(db: Db): Promise<void> {
  await createWorkspaceWithKey(makeWorkspaceStore(db), { name: 'sample', workspaceId: SAMPLE.workspaceId, apiKey: SAMPLE.apiKey }, new Date(at));
  const content: Content = {
    id: SAMPLE.contentId,
    workspaceId: SAMPLE.workspaceId,
    url: 'https://shop.example.com/spring?utm_source=newsletter#buy',
    title: 'Spring sale',
    campaign: 'spring',
    refParam: 'ref',
    kWindowSeconds: 86_400,
    active: true,
    createdAt: at,
    updatedAt: at,
  };
  await makeContentStore(db).insert(content);
  const link: Link = {
    code: SAMPLE.linkCode,
    workspaceId: SAMPLE.workspaceId,
    contentId: SAMPLE.contentId,
    parent: null,
    rootCode: SAMPLE.linkCode,
    generation: 0,
    sharer: 'alice',
    channel: 'x',
    utm: null,
    creatorVisitorId: null,
    createdAt: at,
  };
  await makeLinkStore(db, { newCode: () => SAMPLE.linkCode }).create(() => link);
  const webhooks = makeWebhookStore(db);
  for (const id of [SAMPLE.webhookId, SAMPLE.removableWebhookId]) {
    await webhooks.insert({
      id,
      workspaceId: SAMPLE.workspaceId,
      url: SAMPLE.webhookUrl,
      events: ['content.threshold_crossed'],
      thresholds: [{ metric: 'reshares', gte: 10 }],
      contentId: null,
      campaign: 'spring',
      secret: `whsec_${Buffer.from(`sample secret for ${id}`).toString('base64')}`,
      status: 'active',
      disabledReason: null,
      createdAt: at,
    });
  }
  const shares = makeShareStore(db);
  const shareTokens = { [SAMPLE.shareId]: SAMPLE.shareToken, [SAMPLE.removableShareId]: 'rshr_sampleShareToken0000000000000002' };
  for (const [id, token] of Object.entries(shareTokens)) {
    await shares.create({
      id,
      workspaceId: SAMPLE.workspaceId,
      contentId: SAMPLE.contentId,
      tokenHash: hashShareToken(token),
      label: 'agency',
      createdAt: at,
      expiresAt: null,
    });
  }
  const payload = {
    type: 'content.threshold_crossed',
    timestamp: at,
    data: { contentId: SAMPLE.contentId, campaign: 'spring', metric: 'reshares', threshold: 10, value: 12 },
  };
  await makeOutboxStore(db).enqueue(
    pendingEvent(
      {
        eventId: SAMPLE.outboxEventId,
        workspaceId: SAMPLE.workspaceId,
        subscriptionId: SAMPLE.webhookId,
        type: 'content.threshold_crossed',
        payload: JSON.stringify(payload),
      },
      new Date(at),
    ),
  );
}
