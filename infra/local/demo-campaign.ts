import { DEMO_PAGE_PATH, DEMO_PAGE_TITLE } from '../../shared/dashboard/demo-page.js';
import { type Content, createContentInput, newContent } from '../../shared/domain/content.js';
import { contentIdForKey, linkCodeForKey } from '../../shared/domain/ids.js';
import { type Link, seedLink } from '../../shared/domain/link.js';
import type { ContentStore } from '../../shared/store/contents.js';
import type { CreateOutcome } from '../../shared/store/create-outcome.js';
import type { LinkStore } from '../../shared/store/links.js';
import { LOCAL_WORKSPACE_ID } from './local-workspace.js';

export const DEMO_CAMPAIGN = 'demo';

// The sample campaign page's content and seed link (shared/dashboard/demo-page.ts). The re-share
// admits only calls from the content's own origin, so the content's URL is this stack's page,
// known once the server listens (PORT=0 picks any port). The two ids are derived from that origin
// as an Idempotency-Key derives a created resource's (shared/domain/ids.ts): every start on the
// same address finds the same content and seed link (the conditional puts keep the first), another
// address gets a content of its own, and a wiped data folder gets them again.
export async function ensureDemoCampaign(
  stores: { contents: ContentStore; links: LinkStore },
  stackUrl: string,
  now: Date,
): Promise<{ content: Content; seed: Link }> {
  const key = `sample page ${new URL(stackUrl).origin}`;
  const input = createContentInput.parse({ url: `${stackUrl}/app/${DEMO_PAGE_PATH}`, title: DEMO_PAGE_TITLE, campaign: DEMO_CAMPAIGN });
  const content = stored(await stores.contents.insert(newContent(contentIdForKey(LOCAL_WORKSPACE_ID, key), LOCAL_WORKSPACE_ID, input, now)));
  const seed = stored(await stores.links.createWithCode(seedLink(content, linkCodeForKey(LOCAL_WORKSPACE_ID, key), { sharer: 'sample page' }, now)));
  // Only a link of another content could hold the code: 62^10 codes make that a broken table, not bad luck.
  if (seed.contentId !== content.id) throw new Error(`The sample page's seed link code ${seed.code} belongs to another content`);
  return { content, seed };
}

const stored = <T>(outcome: CreateOutcome<T>): T => (outcome.created ? outcome.value : outcome.existing);
