import { isShareId } from '../../../shared/domain/ids.js';
import { createShareInput, newShare } from '../../../shared/domain/share.js';
import * as z from '../../../shared/domain/zod.js';
import { notFound } from '../../../shared/errors.js';
import { type HttpEvent, publicBaseUrl } from '../../../shared/http/event.js';
import { parseBody, parseQuery } from '../../../shared/http/input.js';
import { pageQuery } from '../../../shared/http/page-query.js';
import { json, noContent } from '../../../shared/http/responses.js';
import { shareView } from '../../../shared/http/views.js';
import { requireContent } from './lookups.js';
import { contentIdParam } from './path.js';
import type { Operation } from './types.js';

// POST /v1/contents/{id}/shares: a read-only report link. Its token is in this response only
// (in `token` and in `url`); the store keeps its hash.
export const createShare: Operation = async ({ event, workspaceId, now }, deps) => {
  const contentId = contentIdParam(event);
  const input = parseBody(event, createShareInput(now));
  const content = await requireContent(deps, workspaceId, contentId);
  const { share, token } = newShare({ workspaceId, contentId: content.id }, input, now);
  await deps.shares.create(share);
  const url = `${publicBaseUrl(event, deps.publicUrl)}/app/r/${token}`;
  return json(201, { ...shareView(share), url, token });
};

export const listSharesQuery = z.object(pageQuery);

export const listShares: Operation = async ({ event, workspaceId }, deps) => {
  const content = await requireContent(deps, workspaceId, contentIdParam(event));
  const page = await deps.shares.list(workspaceId, content.id, parseQuery(event, listSharesQuery));
  return json(200, { items: page.items.map(shareView), nextCursor: page.nextCursor });
};

// Revoking twice answers 404 the second time, as removing a webhook does.
export const revokeShare: Operation = async ({ event, workspaceId }, { shares }) => {
  if (!(await shares.revoke(workspaceId, contentIdParam(event), shareIdParam(event)))) throw shareIdNotFound();
  return noContent();
};

const shareIdNotFound = () => notFound('No share link with this id');

function shareIdParam(event: HttpEvent): string {
  const id = event.pathParameters?.shareId ?? '';
  if (!isShareId(id)) throw shareIdNotFound();
  return id;
}
