import { listContentsQuery } from '../../../functions/api/operations/contents.js';
import { createContentInput, updateContentInput } from '../../domain/content.js';
import * as z from '../../domain/zod.js';
import { jsonAnswer } from '../answers.js';
import { contentExample } from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';
import { contentPath, idempotencyHeader, locationHeader, replayedHeader } from '../parameters.js';
import { content, pageOf } from '../resources.js';
import { queryParameters, withFieldDocs } from '../schema-kit.js';
import { SAMPLE_PATHS } from '../values.js';
import { PAGE_QUERY_DOCS } from './pagination.js';

const createBody = withFieldDocs(
  createContentInput,
  {
    url: 'The destination: an absolute http(s) URL without credentials, at most 2,048 characters once normalised, whose query does not already use `refParam`.',
    title: 'A name for people, 1\u2013200 characters.',
    campaign: 'Groups contents for campaign reports (`/v1/campaigns/{campaign}/…`).',
    refParam: 'The query parameter the redirect adds with the link\u2019s code.',
    kWindowSeconds: 'The K-factor window in seconds, up to a year (docs/metrics.md, K-factor).',
  },
  { id: 'CreateContent' },
);

const updateBody = withFieldDocs(
  updateContentInput,
  { title: 'A new title, or null to remove it.', active: '`false` makes every link of the content answer 410; `true` revives them.' },
  { id: 'UpdateContent', description: 'At least one of `title` and `active`.' },
);

export const contentOperations: OperationDocs<'POST /v1/contents' | 'GET /v1/contents' | 'GET /v1/contents/{id}' | 'PATCH /v1/contents/{id}'> = {
  'POST /v1/contents': {
    operationId: 'createContent',
    tag: 'Contents',
    summary: 'Register a content',
    description:
      'Registers a destination URL that share links will lead to. With an `Idempotency-Key`, a retry answers with the content the first request made.',
    headers: idempotencyHeader,
    body: { schema: createBody, example: { url: contentExample.url, title: 'Spring sale', campaign: 'spring' } },
    responses: {
      201: jsonAnswer(
        'The new content (or, replayed, the one the key made).',
        content,
        contentExample,
        z.object({ ...locationHeader('the content', SAMPLE_PATHS.content), ...replayedHeader }),
      ),
    },
    errors: ['validation_error', 'invalid_json', 'conflict', 'payload_too_large', 'unavailable'],
  },
  'GET /v1/contents': {
    operationId: 'listContents',
    tag: 'Contents',
    summary: 'List contents',
    description: 'The workspace\u2019s contents, newest first, a page at a time; `?campaign=` for one campaign\u2019s.',
    query: queryParameters(listContentsQuery, { ...PAGE_QUERY_DOCS, campaign: 'Only the contents of this campaign.' }),
    responses: { 200: jsonAnswer('A page of contents.', pageOf(content, 'ContentPage', 'contents'), { items: [contentExample], nextCursor: null }) },
    errors: ['validation_error', 'unavailable'],
  },
  'GET /v1/contents/{id}': {
    operationId: 'getContent',
    tag: 'Contents',
    summary: 'Read a content',
    description: 'One content. A share token of this content may read it too.',
    path: contentPath,
    responses: { 200: jsonAnswer('The content.', content, contentExample) },
    errors: ['not_found', 'unavailable'],
  },
  'PATCH /v1/contents/{id}': {
    operationId: 'updateContent',
    tag: 'Contents',
    summary: 'Update a content',
    description: 'Changes its title, or deactivates it: an inactive content\u2019s links answer 410 and no new link can be minted.',
    path: contentPath,
    body: { schema: updateBody, example: { active: false } },
    responses: { 200: jsonAnswer('The content as updated.', content, { ...contentExample, active: false, updatedAt: '2026-04-01T08:00:00.000Z' }) },
    errors: ['validation_error', 'invalid_json', 'not_found', 'payload_too_large', 'unavailable'],
  },
};
