// The data the sample events in events/ refer to, so `npm run invoke` (and the tests that run
// every sample event) get meaningful answers from a fresh, in-memory DynamoDB.
import { createWorkspaceWithKey } from '../../shared/admin.js';
import type { Content } from '../../shared/domain/content.js';
import type { Link } from '../../shared/domain/link.js';
import type { Db } from '../../shared/store/db.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';

export const SAMPLE = {
  workspaceId: 'ws_sample',
  apiKey: 'rpl_sample_0123456789abcdefghijklmnopqrstuv',
  contentId: 'cnt_sampleContent00000001',
  linkCode: 'sampleLnk1',
  visitorCookie: 'rpl_vid=h_sampleVisitor000000001',
} as const;

const at = '2026-11-01T09:00:00.000Z';

export async function seedSampleData(db: Db): Promise<void> {
  await createWorkspaceWithKey(
    makeWorkspaceStore(db),
    { name: 'sample', workspaceId: SAMPLE.workspaceId, apiKey: SAMPLE.apiKey },
    new Date(at),
  );
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
}
