import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeApiHandler } from '../../../functions/api/handler.js';
import type { ApiDeps } from '../../../functions/api/operations/types.js';
import type { ContentStateReader } from '../../../shared/aggregation/content-state-reader.js';
import { hashApiKey } from '../../../shared/domain/ids.js';
import { makeClickStore } from '../../../shared/store/clicks.js';
import { makeConversionStore } from '../../../shared/store/conversions.js';
import { makeContentStore } from '../../../shared/store/contents.js';
import { keys } from '../../../shared/store/keys.js';
import { makeLinkStore } from '../../../shared/store/links.js';
import { makeShareStore } from '../../../shared/store/shares.js';
import { loadConfig } from '../../../shared/config.js';
import { makeVisitorMarkStore } from '../../../shared/store/visitor-marks.js';
import { makeWebhookStore } from '../../../shared/store/webhooks.js';
import { deliveryDeps } from '../../../shared/webhooks/delivery-deps.js';
import { makeWorkspaceStore } from '../../../shared/store/workspaces.js';
import { content, httpEvent, lambdaContext } from './fixtures.js';
import { mockDynamo, networkDown, serviceError, testDb } from '../../support/mock-dynamo.js';

const dynamo = mockDynamo();
const API_KEY = 'rpl_test_unitKey';

// The aggregate's read model: none of these routes should read it, so every read fails loudly.
const readerCalls: string[] = [];
const unreadable = (name: keyof ContentStateReader) => async () => {
  readerCalls.push(name);
  throw new Error(`reader.${name} is not expected in these tests`);
};
const reader: ContentStateReader = {
  state: unreadable('state'),
  report: unreadable('report'),
  reportParts: unreadable('reportParts'),
  cascade: unreadable('cascade'),
  linkTally: unreadable('linkTally'),
  series: unreadable('series'),
};

function wiredHandler(checkTarget: ApiDeps['checkTarget'] = async () => ({ ok: true, addresses: ['203.0.113.10'] })) {
  const db = testDb();
  return makeApiHandler({
    workspaces: makeWorkspaceStore(db),
    contents: makeContentStore(db),
    links: makeLinkStore(db),
    clicks: makeClickStore(db, { retentionDays: 30 }),
    reader,
    conversions: makeConversionStore(db),
    marks: makeVisitorMarkStore(db),
    webhooks: makeWebhookStore(db),
    shares: makeShareStore(db),
    delivery: deliveryDeps(db, loadConfig({})),
    checkTarget,
    publicUrl: undefined,
    clock: () => new Date('2026-11-26T12:00:00.000Z'),
  });
}

const request = (method: string, path: string, routeKey: string, options: { body?: unknown; pathParameters?: Record<string, string> } = {}) =>
  httpEvent({
    method,
    path,
    routeKey,
    headers: { authorization: `Bearer ${API_KEY}` },
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });

const writes = () => [...dynamo.commandCalls(PutCommand), ...dynamo.commandCalls(UpdateCommand)];

beforeEach(() => {
  readerCalls.length = 0;
  dynamo.on(GetCommand).resolves({});
  dynamo.on(GetCommand, { Key: keys.apiKey(hashApiKey(API_KEY)) }).resolves({ Item: { workspaceId: content.workspaceId } });
  dynamo.on(GetCommand, { Key: keys.content(content.workspaceId, content.id) }).resolves({ Item: { ...content } });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

const expectUnavailable = (response: { statusCode?: number; body?: string }) => {
  expect(response.statusCode).toBe(503);
  expect(JSON.parse(response.body ?? '')).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
};

describe('api handler under store faults', () => {
  it('creating content: a failed write is a JSON 503 and the only write attempted', async () => {
    dynamo.on(PutCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    const response = await wiredHandler()(request('POST', '/v1/contents', 'POST /v1/contents', { body: { url: 'https://a.example' } }), lambdaContext);

    expectUnavailable(response);
    expect(writes()).toHaveLength(1);
  });

  it('updating content: a failed write is a JSON 503', async () => {
    dynamo.on(UpdateCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    const response = await wiredHandler()(
      request('PATCH', `/v1/contents/${content.id}`, 'PATCH /v1/contents/{id}', { body: { active: false }, pathParameters: { id: content.id } }),
      lambdaContext,
    );

    expectUnavailable(response);
    expect(writes()).toHaveLength(1);
  });

  it('minting a link: a failed write is a JSON 503 and nothing else is written', async () => {
    dynamo.on(PutCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    const response = await wiredHandler()(
      request('POST', `/v1/contents/${content.id}/links`, 'POST /v1/contents/{id}/links', { body: {}, pathParameters: { id: content.id } }),
      lambdaContext,
    );

    expectUnavailable(response);
    expect(writes()).toHaveLength(1);
  });

  it('a failing key lookup is a 503, not a 401 that would make clients drop a good key', async () => {
    dynamo.on(GetCommand, { Key: keys.apiKey(hashApiKey(API_KEY)) }).rejects(networkDown());

    const response = await wiredHandler()(request('GET', '/v1/contents', 'GET /v1/contents'), lambdaContext);

    expectUnavailable(response);
  });
});

describe('webhook subscriptions', () => {
  const subscribe = (body: unknown) => request('POST', '/v1/webhooks', 'POST /v1/webhooks', { body });
  const valid = { url: 'https://hooks.example.com/ripple', events: ['content.threshold_crossed'] };

  it('stores a subscription whose target passed the check, and shows its secret once', async () => {
    dynamo.on(PutCommand).resolves({});
    const checked: string[] = [];

    const response = await wiredHandler(async (url) => {
      checked.push(url);
      return { ok: true, addresses: ['93.184.215.14'] };
    })(subscribe(valid), lambdaContext);

    expect(response.statusCode).toBe(201);
    expect(checked).toEqual([valid.url]);
    const stored = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(stored.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(JSON.parse(response.body ?? '').secret).toBe(stored.Item!.secret);
  });

  it.each([
    ['unresolvable', 'does not resolve'],
    ['forbidden', 'may not be a webhook target'],
  ] as const)('answers 422 invalid_target for an %s target and stores nothing', async (reason, message) => {
    const response = await wiredHandler(async () => ({ ok: false, reason, detail: 'because' }))(subscribe(valid), lambdaContext);

    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body ?? '')).toMatchObject({
      error: { code: 'invalid_target', message: expect.stringContaining(message), issues: [{ path: ['url'] }] },
    });
    expect(writes()).toEqual([]);
  });

  it('names RIPPLE_ALLOW_PRIVATE_WEBHOOKS in the 422 only when that setting would let the target through', async () => {
    const message = async (check: Awaited<ReturnType<ApiDeps['checkTarget']>>) =>
      JSON.parse((await wiredHandler(async () => check)(subscribe(valid), lambdaContext)).body ?? '').error.message as string;

    expect(await message({ ok: false, reason: 'forbidden', detail: '127.0.0.1 is loopback', privateTargetsWouldAllow: true })).toContain(
      'set RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1 on a local stack to allow loopback and private targets',
    );
    expect(await message({ ok: false, reason: 'forbidden', detail: '169.254.169.254 is link-local' })).not.toContain('RIPPLE_ALLOW_PRIVATE_WEBHOOKS');
  });

  it('checks the input before the target: a bad body never reaches DNS', async () => {
    const check = vi.fn<ApiDeps['checkTarget']>();
    const response = await wiredHandler(check)(subscribe({ ...valid, events: [] }), lambdaContext);
    expect(response.statusCode).toBe(400);
    expect(check).not.toHaveBeenCalled();
  });

  it('a failed write is a JSON 503', async () => {
    dynamo.on(PutCommand).rejects(networkDown());
    expectUnavailable(await wiredHandler()(subscribe(valid), lambdaContext));
  });
});

describe('api handler routing', () => {
  it('answers unmatched requests ($default) with a JSON 404 without reading anything', async () => {
    const response = await wiredHandler()(request('GET', '/v2/nothing', '$default'), lambdaContext);

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body ?? '').error.code).toBe('not_found');
    expect(dynamo.calls()).toHaveLength(0);
    expect(readerCalls).toEqual([]);
  });

  it('answers 401 before any operation runs when the key is unknown', async () => {
    const event = request('POST', '/v1/contents', 'POST /v1/contents', { body: { url: 'https://a.example' } });
    event.headers.authorization = 'Bearer rpl_unknown';

    const response = await wiredHandler()(event, lambdaContext);

    expect(response.statusCode).toBe(401);
    expect(writes()).toHaveLength(0);
  });
});
