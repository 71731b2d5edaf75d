import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ContentView, Page } from '../api/types.js';
import { ResourceView } from '../components/resource-view.js';
import { CampaignFilter } from '../contents/campaign-filter.js';
import { ContentTable } from '../contents/content-table.js';
import { CreateContentForm } from '../contents/create-content-form.js';
import { CreatedContent } from '../contents/created-content.js';
import { createLimiter, type Limiter } from '../contents/limiter.js';
import { useDashboard } from '../context.js';
import { useResource } from '../hooks/use-resource.js';
import { navigate } from '../router.js';

export const PAGE_SIZE = 20;
const REPORT_CONCURRENCY = 6;

// The workspace's contents, newest first as GET /v1/contents lists them, one API page at a time
// (the cursor is in the URL), each with its report's headline numbers.
export function ContentsPage({ campaign, cursor }: { campaign: string | undefined; cursor: string | undefined }) {
  const { client, readOnly } = useDashboard();
  const [refresh, setRefresh] = useState(0);
  const [created, setCreated] = useState<ContentView | null>(null);
  const list = useResource(() => client.listContents({ campaign, cursor, limit: PAGE_SIZE }), [campaign, cursor, refresh]);
  // A fresh limiter per listing: rows of a page left behind stop queueing their reports.
  const limiter = useMemo(() => createLimiter(REPORT_CONCURRENCY), [campaign, cursor, refresh]);
  useEffect(() => () => limiter.clear(), [limiter]);

  const showCreated = (content: ContentView) => {
    setCreated(content);
    setRefresh((count) => count + 1);
    if (cursor !== undefined) navigate(campaign === undefined ? { page: 'contents' } : { page: 'contents', campaign });
  };

  return (
    <section class="contents-page">
      <h1>{campaign === undefined ? 'Contents' : `Contents in campaign ${campaign}`}</h1>
      {!readOnly && <CreateContentForm onCreated={showCreated} />}
      {!readOnly && created && <CreatedContent content={created} filter={campaign} onDismiss={() => setCreated(null)} />}
      <CampaignFilter campaign={campaign} />
      <ResourceView resource={list} label="contents">
        {(page) => <ContentsListing page={page} campaign={campaign} cursor={cursor} limiter={limiter} />}
      </ResourceView>
    </section>
  );
}

function ContentsListing({
  page,
  campaign,
  cursor,
  limiter,
}: {
  page: Page<ContentView>;
  campaign: string | undefined;
  cursor: string | undefined;
  limiter: Limiter;
}) {
  if (page.items.length === 0 && cursor === undefined) {
    return (
      <p class="empty">{campaign === undefined ? 'No content yet. Create one above, or with POST /v1/contents.' : `No content in campaign ${campaign}`}</p>
    );
  }
  return (
    <>
      {page.items.length === 0 ? <p class="empty">No more content after the previous page.</p> : <ContentTable contents={page.items} limiter={limiter} />}
      <Pager campaign={campaign} cursor={cursor} nextCursor={page.nextCursor} />
    </>
  );
}

// The API's own cursor: "Next page" follows it, "First page" drops it (the API has no "previous").
function Pager({ campaign, cursor, nextCursor }: { campaign: string | undefined; cursor: string | undefined; nextCursor: string | null }) {
  const at = (next: string | undefined) =>
    navigate({ page: 'contents', ...(campaign === undefined ? {} : { campaign }), ...(next === undefined ? {} : { cursor: next }) });
  if (cursor === undefined && nextCursor === null) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" class="secondary" disabled={cursor === undefined} onClick={() => at(undefined)}>
        First page
      </button>
      <button type="button" disabled={nextCursor === null} onClick={() => nextCursor !== null && at(nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
