import { campaignName, createContentInput, newContent, updateContentInput } from '../../../shared/domain/content.js';
import { z } from '../../../shared/domain/zod.js';
import { notFound } from '../../../shared/errors.js';
import { parseBody, parseQuery } from '../../../shared/http/input.js';
import { pageQuery } from '../../../shared/http/page-query.js';
import { json } from '../../../shared/http/responses.js';
import { contentView } from '../../../shared/http/views.js';
import { contentIdParam } from './path.js';
import type { Operation } from './types.js';

export const createContent: Operation = async ({ event, workspaceId, now }, { contents }) => {
  const content = newContent(workspaceId, parseBody(event, createContentInput), now);
  await contents.insert(content);
  return json(201, contentView(content), { headers: { location: `/v1/contents/${content.id}` } });
};

const listContentsQuery = z.object({ ...pageQuery, campaign: z.optional(campaignName) });

export const listContents: Operation = async ({ event, workspaceId }, { contents }) => {
  const query = parseQuery(event, listContentsQuery);
  const page = await contents.list(workspaceId, query);
  return json(200, { items: page.items.map(contentView), nextCursor: page.nextCursor });
};

export const getContent: Operation = async ({ event, workspaceId }, { contents }) => {
  const content = await contents.get(workspaceId, contentIdParam(event));
  if (!content) throw notFound('No content with this id');
  return json(200, contentView(content));
};

export const updateContent: Operation = async ({ event, workspaceId, now }, { contents }) => {
  const id = contentIdParam(event);
  const updated = await contents.update(workspaceId, id, parseBody(event, updateContentInput), now);
  if (!updated) throw notFound('No content with this id');
  return json(200, contentView(updated));
};
