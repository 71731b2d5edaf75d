import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../../shared/domain/ids.js';
import { newShare } from '../../../shared/domain/share.js';
import { RippleError } from '../../../shared/errors.js';
import { authenticateRequest } from '../../../shared/http/auth.js';
import { makeShareStore } from '../../../shared/store/shares.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { httpEvent } from '../functions/fixtures.js';
import { fakeTable } from '../store/fake-table.js';

const ddb = mockDynamo();
const NOW = new Date('2026-11-26T12:00:00.000Z');
const EXPIRY = new Date('2026-12-01T00:00:00.000Z');
const SHARED = 'cnt_sharedContent00000001';
const OTHER = 'cnt_otherContent000000001';
const API_KEY = 'rpl_live_0123456789abcdefghijABCDEFGHIJkl';

const workspaces = { workspaceForKey: vi.fn(async (hash: string) => (hash === hashApiKey(API_KEY) ? 'ws_a' : null)) };
const stores = () => ({ workspaces, shares: makeShareStore(testDb()) });

let token: string;
let shareId: string;
beforeEach(async () => {
  fakeTable(ddb);
  workspaces.workspaceForKey.mockClear();
  const made = newShare({ workspaceId: 'ws_a', contentId: SHARED }, { expiresAt: EXPIRY.toISOString() }, NOW);
  await makeShareStore(testDb()).create(made.share);
  ({ token } = made);
  shareId = made.share.id;
});

// A request to `routeKey` with `{id}` = contentId, sent with `credential` as its bearer token.
function request(routeKey: string, credential: string, contentId: string | null = SHARED) {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const path = contentId ? template.replace('{id}', contentId) : template;
  return httpEvent({
    method,
    path,
    routeKey,
    headers: { authorization: `Bearer ${credential}` },
    ...(contentId && template.includes('{id}') ? { pathParameters: { id: contentId } } : {}),
  });
}

async function rejection(promise: Promise<unknown>): Promise<RippleError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof RippleError)) throw error;
  return error;
}

const READS = ['GET /v1/contents/{id}', 'GET /v1/contents/{id}/report', 'GET /v1/contents/{id}/cascade', 'GET /v1/contents/{id}/series'];

describe('a share token', () => {
  it.each(READS)("opens %s of its own content, in the share's workspace", async (routeKey) => {
    await expect(authenticateRequest(request(routeKey, token), stores(), NOW)).resolves.toBe('ws_a');
  });

  it.each(READS)('answers 404 to %s of another content of the same workspace', async (routeKey) => {
    const error = await rejection(authenticateRequest(request(routeKey, token, OTHER), stores(), NOW));
    expect(error.code).toBe('not_found');
  });

  it.each([
    'POST /v1/contents',
    'GET /v1/contents',
    'PATCH /v1/contents/{id}',
    'GET /v1/contents/{id}/links',
    'POST /v1/contents/{id}/links',
    'POST /v1/contents/{id}/shares',
    'GET /v1/contents/{id}/shares',
    'POST /v1/webhooks',
    'GET /v1/campaigns/{campaign}/report',
  ])('answers 404, never 403, to the management route %s, even for its own content', async (routeKey) => {
    const error = await rejection(authenticateRequest(request(routeKey, token), stores(), NOW));
    expect(error.code).toBe('not_found');
  });

  it('answers 404 once revoked, on the very next request', async () => {
    await makeShareStore(testDb()).revoke('ws_a', SHARED, shareId);

    const error = await rejection(authenticateRequest(request('GET /v1/contents/{id}/report', token), stores(), NOW));

    expect(error.code).toBe('not_found');
    expect(error.message).toBe('This share link does not exist, was revoked or has expired');
  });

  it('answers 404 from its expiry on', async () => {
    const error = await rejection(authenticateRequest(request('GET /v1/contents/{id}/report', token), stores(), EXPIRY));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/has expired/);
  });

  it('answers 404 to an unknown token, and to a malformed one without reading the store', async () => {
    const unknown = await rejection(authenticateRequest(request('GET /v1/contents/{id}/report', `rshr_${'A'.repeat(32)}`), stores(), NOW));
    ddb.resetHistory();
    const malformed = await rejection(authenticateRequest(request('GET /v1/contents/{id}/report', 'rshr_short'), stores(), NOW));

    expect([unknown.code, malformed.code]).toEqual(['not_found', 'not_found']);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('is never looked up as an API key', async () => {
    await authenticateRequest(request('GET /v1/contents/{id}/report', token), stores(), NOW);
    await rejection(authenticateRequest(request('POST /v1/contents', token), stores(), NOW));
    expect(workspaces.workspaceForKey).not.toHaveBeenCalled();
  });

  it('lets a store failure propagate as unavailable rather than answering 404', async () => {
    ddb.on(GetCommand).rejects(serviceError('InternalServerError', 500));
    const error = await rejection(authenticateRequest(request('GET /v1/contents/{id}/report', token), stores(), NOW));
    expect(error.code).toBe('unavailable');
  });
});

describe('an API key beside share tokens', () => {
  it('still opens every route of its workspace', async () => {
    await expect(authenticateRequest(request('POST /v1/contents', API_KEY, null), stores(), NOW)).resolves.toBe('ws_a');
    await expect(authenticateRequest(request('GET /v1/contents/{id}/report', API_KEY, OTHER), stores(), NOW)).resolves.toBe('ws_a');
  });

  it('is refused with 401 when unknown, as before', async () => {
    const error = await rejection(authenticateRequest(request('GET /v1/contents', 'rpl_live_unknown', null), stores(), NOW));
    expect(error.code).toBe('unauthorized');
  });
});
