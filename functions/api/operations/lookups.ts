import { campaignName, type Content } from '../../../shared/domain/content.js';
import { notFound } from '../../../shared/errors.js';
import type { HttpEvent } from '../../../shared/http/event.js';
import type { ApiDeps } from './types.js';

// The lookups operations share, each with its one 404.
export const contentNotFound = () => notFound('No content with this id');
const campaignNotFound = () => notFound('No content belongs to this campaign');

export async function requireContent(deps: Pick<ApiDeps, 'contents'>, workspaceId: string, contentId: string): Promise<Content> {
  const content = await deps.contents.get(workspaceId, contentId);
  if (!content) throw contentNotFound();
  return content;
}

/** The campaign of the path and every content in it; a malformed name or an empty campaign is a 404. */
export async function requireCampaign(
  deps: Pick<ApiDeps, 'contents'>,
  workspaceId: string,
  event: HttpEvent,
): Promise<{ campaign: string; contents: Content[] }> {
  const campaign = event.pathParameters?.campaign ?? '';
  // A malformed name cannot name a campaign: 404, as for malformed content ids.
  if (!campaignName.safeParse(campaign).success) throw campaignNotFound();
  const contents: Content[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.contents.list(workspaceId, { campaign, limit: 100, cursor });
    contents.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (contents.length === 0) throw campaignNotFound();
  return { campaign, contents };
}
