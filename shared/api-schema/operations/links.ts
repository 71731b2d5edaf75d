import { listLinksQuery } from '../../../functions/api/operations/links.js';
import { mintLinkInput } from '../../domain/link.js';
import { linkBatchInput, MAX_BATCH_LINKS } from '../../domain/link-batch.js';
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

const batchBody = withFieldDocs(
  linkBatchInput,
  {
    links: `The links, in order (1\u2013${MAX_BATCH_LINKS.toLocaleString('en-US')}): each a link's fields plus an optional \`ref\` (a name later items may use as \`parent: {"ref": …}\`), \`parent\` (an existing code of this content, or a ref) and \`createdAt\` (in the past, not before the content or the parent).`,
  },
  { id: 'LinkBatch' },
);

const batchAnswer = z.strictObject({ items: z.array(z.object({ ...link.shape, ref: z.optional(z.string()) })) });

export const linkOperations: OperationDocs<
  'POST /v1/contents/{id}/links' | 'POST /v1/contents/{id}/links/batch' | 'GET /v1/contents/{id}/links' | 'GET /v1/links/{code}'
> = {
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
      201: jsonAnswer(
        'The new link (or, replayed, the one the key made).',
        link,
        linkExample,
        z.object({ ...locationHeader('the link', SAMPLE_PATHS.link), ...replayedHeader }),
      ),
    },
    errors: ['validation_error', 'invalid_json', 'not_found', 'conflict', 'gone', 'payload_too_large', 'unavailable'],
  },
  'POST /v1/contents/{id}/links/batch': {
    operationId: 'importLinks',
    tag: 'Links',
    summary: 'Import a cascade: up to 1,000 links at once',
    description:
      'Every item is checked before anything is written (all or nothing); the created links come back in request order, each with its `ref`. With an `Idempotency-Key`, a retry (even after a failure half-way) creates only what is missing and answers with the same codes; the same key with another body is a 409. Rules: docs/contract.md \u00a77.',
    path: contentPath,
    headers: idempotencyHeader,
    body: {
      schema: batchBody,
      example: {
        links: [
          { ref: 'a', sharer: 'alice', createdAt: '2026-11-01T09:00:00.000Z' },
          { ref: 'b', parent: { ref: 'a' }, sharer: 'bob', channel: 'x', createdAt: '2026-11-01T10:30:00.000Z' },
        ],
      },
    },
    responses: {
      201: jsonAnswer(
        'The links made (or, replayed, those the key made), in request order.',
        batchAnswer,
        {
          items: [
            { ...linkExample, ref: 'a' },
            { ...childLinkExample, ref: 'b' },
          ],
        },
        z.object({ ...replayedHeader }),
      ),
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
