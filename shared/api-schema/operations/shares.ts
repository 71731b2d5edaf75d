import { listSharesQuery } from '../../../functions/api/operations/shares.js';
import { createShareInput } from '../../domain/share.js';
import { jsonAnswer } from '../answers.js';
import { createdShareExample, shareExample } from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';
import { contentPath, sharePath } from '../parameters.js';
import { createdShare, pageOf, share } from '../resources.js';
import { queryParameters, withFieldDocs } from '../schema-kit.js';
import { PAGE_QUERY_DOCS } from './pagination.js';

// The body's schema takes the request's time ("in the future"); its shape does not depend on it.
const createBody = withFieldDocs(
  createShareInput(new Date(0)),
  {
    expiresAt: 'When it stops opening: an ISO 8601 date-time with a zone, in the future. Without it, until revoked.',
    label: 'A note for you, 1\u2013100 characters.',
  },
  { id: 'CreateShare' },
);

export const shareOperations: OperationDocs<'POST /v1/contents/{id}/shares' | 'GET /v1/contents/{id}/shares' | 'DELETE /v1/contents/{id}/shares/{shareId}'> = {
  'POST /v1/contents/{id}/shares': {
    operationId: 'createShare',
    tag: 'Shares',
    summary: 'Make a read-only report link',
    description:
      'A link (`<public URL>/app/r/<token>`) that opens the content\u2019s report, cascade and series to whoever holds it, without a key. The token (`rshr_…`, also a bearer credential for those four reads) is in this answer only; Ripple keeps its hash.',
    path: contentPath,
    body: { schema: createBody, example: { label: 'For the agency', expiresAt: '2026-12-31T23:59:59Z' } },
    responses: { 201: jsonAnswer('The share, its URL and its token.', createdShare, createdShareExample) },
    errors: ['validation_error', 'invalid_json', 'not_found', 'payload_too_large', 'unavailable'],
  },
  'GET /v1/contents/{id}/shares': {
    operationId: 'listShares',
    tag: 'Shares',
    summary: 'List a content\u2019s report links',
    description: 'Its live read-only links, newest first, a page at a time: never their tokens or URLs.',
    path: contentPath,
    query: queryParameters(listSharesQuery, PAGE_QUERY_DOCS),
    responses: { 200: jsonAnswer('A page of shares.', pageOf(share, 'SharePage', 'read-only report links'), { items: [shareExample], nextCursor: null }) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
  'DELETE /v1/contents/{id}/shares/{shareId}': {
    operationId: 'revokeShare',
    tag: 'Shares',
    summary: 'Revoke a report link',
    description: 'Its next request answers 404. Revoking it again is a 404.',
    path: sharePath,
    responses: { 204: { description: 'Revoked.' } },
    errors: ['not_found', 'unavailable'],
  },
};
