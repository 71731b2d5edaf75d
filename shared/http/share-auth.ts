import { hashShareToken, isShareToken, type ShareGrant, shareOpens } from '../domain/share.js';
import { notFound } from '../errors.js';
import type { ShareStore } from '../store/shares.js';
import type { HttpEvent } from './event.js';

export const shareNotFound = () => notFound('This share link does not exist, was revoked or has expired');

// A share token opens only the reads of its own content; any other route or content is a 404
// (never 403), so a token reveals nothing about what else exists. Share lookups are never
// cached: a revoked share must answer 404 on the very next request.
export async function authorizeShareToken(event: HttpEvent, token: string, shares: Pick<ShareStore, 'shareForToken'>, now: Date): Promise<ShareGrant> {
  const grant = isShareToken(token) ? await shares.shareForToken(hashShareToken(token), now) : null;
  if (!grant) throw shareNotFound();
  if (!shareOpens(grant, { routeKey: event.routeKey, contentId: event.pathParameters?.id })) {
    throw notFound('Not found: a share link reads only its own content, report, cascade and series');
  }
  return grant;
}
