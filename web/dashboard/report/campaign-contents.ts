import { createLimiter } from '../contents/limiter.js';
import type { ApiClient, ApiError } from '../api/client.js';
import type { ContentReport, ContentView } from '../api/types.js';
import { asApiError } from '../hooks/use-resource.js';

// A campaign's contents and each one's report, for ranking them. Listing stops at a sane cap and
// reports are fetched a few at a time, so a large campaign neither floods the API nor the page.

export const MAX_CONTENTS = 500;
const PAGE_SIZE = 100;
const PARALLEL_REPORTS = 6;

export interface ContentRow {
  content: ContentView;
  report: ContentReport | null;
  error: ApiError | null;
}

export interface CampaignContents {
  rows: ContentRow[];
  /** The campaign has more contents than MAX_CONTENTS: only the first are ranked. */
  capped: boolean;
}

export async function listCampaignContents(client: Pick<ApiClient, 'listContents'>, campaign: string): Promise<{ contents: ContentView[]; capped: boolean }> {
  const contents: ContentView[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listContents({ campaign, limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
    contents.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && contents.length < MAX_CONTENTS);
  return { contents: contents.slice(0, MAX_CONTENTS), capped: cursor !== undefined || contents.length > MAX_CONTENTS };
}

/** Every content's report (its own K window); a report that fails is kept as that row's error. */
export async function loadCampaignContents(
  client: Pick<ApiClient, 'listContents' | 'report'>,
  campaign: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<CampaignContents> {
  const { contents, capped } = await listCampaignContents(client, campaign);
  let done = 0;
  onProgress(done, contents.length);
  const rows = await mapLimited(contents, PARALLEL_REPORTS, async (content): Promise<ContentRow> => {
    const row = await client.report(content.id).then(
      (report) => ({ content, report, error: null }),
      (error: unknown) => ({ content, report: null, error: asApiError(error) }),
    );
    onProgress(++done, contents.length);
    return row;
  });
  return { rows, capped };
}

/** `work` over `items`, at most `limit` at once, results in the items' order. */
export function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const limiter = createLimiter(limit);
  return Promise.all(items.map((item) => limiter.run(() => work(item))));
}

export type RankBy = 'earnedReach' | 'kFactor';

// Descending; a missing value (K null, no report) after every number.
function byNumber(a: number | null | undefined, b: number | null | undefined): number {
  if (a === b || (a == null && b == null)) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  return b - a;
}

/** Ranked by earned reach then K (or K then earned reach), descending; rows without a report last. */
export function rankRows(rows: readonly ContentRow[], rankBy: RankBy): ContentRow[] {
  const other: RankBy = rankBy === 'earnedReach' ? 'kFactor' : 'earnedReach';
  return [...rows].sort((a, b) => byNumber(a.report?.[rankBy], b.report?.[rankBy]) || byNumber(a.report?.[other], b.report?.[other]));
}
