import { listLinksQuery } from '../../../functions/api/operations/links.js';
import { mintLinkInput } from '../../domain/link.js';
import * as z from '../../domain/zod.js';
import { jsonAnswer } from '../answers.js';
import { childLinkExample, linkExample, linkWithCountsExample } from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';
import { contentPath, idempotencyHeader, linkPath, locationHeader, replayedHeader } from '../parameters.js';
import { link, linkWithCounts, pageOf } from '../resources.js';
import { queryParameters, withFieldDocs } from '../schema-kit.js';
import { SAMPLE, SAMPLE_PATHS } from '../values.js';
import { PAGE_QUERY_DOCS } from './pagination.js';

const mintBody = withFieldDocs(
  mintLinkInput,
  {
    sharer: 'Who shares it (your own identifier for them), 1\u2013200 characters.',
    channel: 'Where it is shared (`x`, `newsletter`, \u2026), 1\u201364 characters; reports break down by it.',
    parent: 'A link of the same content: the new link is a re-share one generation below it (imports, back-fills).',
    utm: 'UTM parameters the redirect adds to the destination.',
  },
  { id: 'MintLink' },
);

export const linkOperations: OperationDocs<'POST /v1/contents/{id}/links' | 'GET /v1/contents/{id}/links' | 'GET /v1/links/{code}'> = {
  'POST /v1/contents/{id}/links': {
    operationId: 'mintLink',
    tag: 'Links',
    summary: 'Mint a share link',
    description:
      'A seed link for a sharer or, with `parent`, a re-share link one generation below it (minted every time, unlike the public re-share). With an `Idempotency-Key`, a retry answers with the link the first request made, even if the content has changed since.',
    path: contentPath,
    headers: idempotencyHeader,
    body: { schema: mintBody, example: { sharer: 'alice', channel: 'x', utm: { source: 'x', medium: 'social' } } },
    responses: {
      201: jsonAnswer('The new link (or, replayed, the one the key made).', link, linkExample, z.object({ ...locationHeader('the link', SAMPLE_PATHS.link), ...replayedHeader })),
    },
    errors: ['validation_error', 'invalid_json', 'not_found', 'conflict', 'gone', 'payload_too_large', 'unavailable'],
  },
  'GET /v1/contents/{id}/links': {
    operationId: 'listLinks',
    tag: 'Links',
    summary: 'List a content\u2019s links',
    description: 'Every link of the content, seed and re-share, newest first, a page at a time.',
    path: contentPath,
    query: queryParameters(listLinksQuery, PAGE_QUERY_DOCS),
    responses: { 200: jsonAnswer('A page of links.', pageOf(link, 'LinkPage', 'links'), { items: [childLinkExample, linkExample], nextCursor: null }) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
  'GET /v1/links/{code}': {
    operationId: 'getLink',
    tag: 'Links',
    summary: 'Read a link with its live counts',
    description: `The link with exact counts as of now: its aggregated tally plus only the clicks since (\`countsAsOf: "live"\`), and its direct re-shares. Example: \`GET /v1/links/${SAMPLE.seedCode}\`.`,
    path: linkPath,
    responses: { 200: jsonAnswer('The link and its counts.', linkWithCounts, linkWithCountsExample) },
    errors: ['not_found', 'unavailable'],
  },
};
