import { campaignName, createContentInput, newContent, updateContentInput } from '../../../shared/domain/content.js';
import { isInTheFuture } from '../../../shared/domain/claimed-time.js';
import { contentIdForKey, newContentId } from '../../../shared/domain/ids.js';
import * as z from '../../../shared/domain/zod.js';
import { validationError } from '../../../shared/errors.js';
import { idempotencyOf, replayHeaders, settleCreate } from '../../../shared/http/idempotency.js';
import { parseBody, parseQuery } from '../../../shared/http/input.js';
import { pageQuery } from '../../../shared/http/page-query.js';
import { json } from '../../../shared/http/responses.js';
import { contentView } from '../../../shared/http/views.js';
import { contentIdParam } from './path.js';
import { contentNotFound } from './lookups.js';
import type { Operation } from './types.js';

// With an Idempotency-Key, a retry returns the content the first request made (or 409 if the
// key came with a different request); without one, every POST creates.
export const createContent: Operation = async ({ event, workspaceId, now }, { contents }) => {
  const input = parseBody(event, createContentInput);
  if (input.createdAt !== undefined && isInTheFuture(input.createdAt, now)) {
    throw validationError([{ path: ['createdAt'], message: 'must not be in the future' }]);
  }
  const idempotency = idempotencyOf(event, input);
  const id = idempotency ? contentIdForKey(workspaceId, idempotency.key) : newContentId();
  const outcome = await contents.insert(newContent(id, workspaceId, input, now), idempotency?.fingerprint);
  const { value: content, replayed } = settleCreate(outcome, idempotency);
  return json(201, contentView(content), {
    headers: { location: `/v1/contents/${content.id}`, ...replayHeaders(replayed) },
  });
};

export const listContentsQuery = z.object({ ...pageQuery, campaign: z.optional(campaignName) });

export const listContents: Operation = async ({ event, workspaceId }, { contents }) => {
  const query = parseQuery(event, listContentsQuery);
  const page = await contents.list(workspaceId, query);
  return json(200, { items: page.items.map(contentView), nextCursor: page.nextCursor });
};

export const getContent: Operation = async ({ event, workspaceId }, { contents }) => {
  const content = await contents.get(workspaceId, contentIdParam(event));
  if (!content) throw contentNotFound();
  return json(200, contentView(content));
};

export const updateContent: Operation = async ({ event, workspaceId, now }, { contents }) => {
  const id = contentIdParam(event);
  const updated = await contents.update(workspaceId, id, parseBody(event, updateContentInput), now);
  if (!updated) throw contentNotFound();
  return json(200, contentView(updated));
};
