import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as deployedHandler, makeReshareHandler } from '../../../functions/reshare/handler.js';
import { makeVisitorIdentity } from '../../../shared/http/visitor-identity.js';
import { makeContentStore } from '../../../shared/store/contents.js';
import { keys } from '../../../shared/store/keys.js';
import { linkItem, makeLinkStore } from '../../../shared/store/links.js';
import { makeCachedLookups } from '../../../shared/store/lookup-cache.js';
import { makeRateLimitStore } from '../../../shared/store/rate-limits.js';
import { makeVisitorReshareStore } from '../../../shared/store/visitor-reshares.js';
import { makeVisitorSaltStore } from '../../../shared/store/visitor-salts.js';
import { content, httpEvent, lambdaContext, link } from './fixtures.js';
import { conditionFailed as claimTaken, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const dynamo = mockDynamo();
const now = new Date('2026-11-26T12:00:10.000Z');

function wiredHandler() {
  const db = testDb();
  const links = makeLinkStore(db);
  return makeReshareHandler({
    lookups: makeCachedLookups({ links, contents: makeContentStore(db) }, { maxAgeSeconds: 30, maxEntries: 100 }),
    reshares: makeVisitorReshareStore(db, links),
    rateLimits: makeRateLimitStore(db),
    visitors: makeVisitorIdentity(makeVisitorSaltStore(db)),
    limits: { perVisitor: 5, perAddress: 50, windowSeconds: 60 },
    publicUrl: 'https://rpl.example',
    clock: () => now,
  });
}

const reshareEvent = (body = '{"channel":"whatsapp"}') =>
  httpEvent({
    method: 'POST',
    path: `/v1/links/${link.code}/reshare`,
    routeKey: 'POST /v1/links/{code}/reshare',
    pathParameters: { code: link.code },
    cookies: ['rpl_vid=h_unitVisitor00000000001'],
    headers: { origin: 'https://shop.example.com' },
    body,
  });

const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

beforeEach(() => {
  dynamo.on(GetCommand).resolves({});
  // Today's visitor salt already exists, as it will on every request but the day's first.
  dynamo.on(GetCommand, { Key: keys.visitorSalt('2026-11-26') }).resolves({ Item: { salt: 'unit-salt' } });
  dynamo.on(GetCommand, { Key: keys.link(link.code) }).resolves({ Item: { ...keys.link(link.code), ...link } });
  dynamo.on(GetCommand, { Key: keys.content(content.workspaceId, content.id) }).resolves({ Item: { ...content } });
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
});
afterEach(() => vi.restoreAllMocks());

const VISITOR = 'h_unitVisitor00000000001';
const putItems = () => dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item ?? {});

describe('reshare handler', () => {
  it("mints the visitor's child link, 201, after counting the visitor and the address against their limits", async () => {
    const response = await wiredHandler()(reshareEvent(), lambdaContext);

    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body ?? '');
    expect(body).toMatchObject({
      parent: link.code,
      generation: 1,
      shortUrl: expect.stringMatching(/^https:\/\/rpl\.example\/[0-9A-Za-z]{10}$/),
    });
    // The creator is stored, but the visitor id (an HttpOnly cookie) is not shown to the page.
    expect(body).not.toHaveProperty('createdByVisitor');
    // The visitor's claim on their child of this parent, then the child itself.
    expect(putItems().map((item) => item.pk)).toEqual([`RESHARE#${link.code}#${VISITOR}`, `LINK#${body.code}`]);
    expect(putItems()[1]?.creatorVisitorId).toBe(VISITOR);
    const scopes = dynamo.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.Key?.pk).split('#')[1]);
    expect(scopes.sort()).toEqual(['reshare-address', 'reshare-visitor']);
  });

  it("answers 200 with the visitor's existing child of this parent, still counting the request against both limits", async () => {
    const existing = { ...link, code: 'existChld1', parent: link.code, generation: 1, channel: 'email', creatorVisitorId: VISITOR };
    const claimKey = keys.visitorReshare(link.code, VISITOR);
    dynamo.on(PutCommand, { Item: claimKey }).rejects(claimTaken());
    dynamo.on(GetCommand, { Key: claimKey }).resolves({ Item: { ...claimKey, code: existing.code, channel: 'email', writeToken: 'earlier' } });
    dynamo.on(GetCommand, { Key: keys.link(existing.code) }).resolves({ Item: linkItem(existing) });

    const response = await wiredHandler()(reshareEvent('{"channel":"whatsapp"}'), lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ code: existing.code, parent: link.code, channel: 'email' });
    expect(putItems().map((item) => item.pk)).toEqual([claimKey.pk]); // no link written
    const scopes = dynamo.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.Key?.pk).split('#')[1]);
    expect(scopes.sort()).toEqual(['reshare-address', 'reshare-visitor']);
  });

  it('answers 429 with Retry-After (seconds left in the window) and mints nothing when a limit is reached', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    const response = await wiredHandler()(reshareEvent(), lambdaContext);

    expect(response.statusCode).toBe(429);
    expect(response.headers?.['retry-after']).toBe('50');
    expect(response.headers?.['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers a JSON 503 and mints nothing when the rate-limit store fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dynamo.on(UpdateCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    const response = await wiredHandler()(reshareEvent(), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '').error.code).toBe('unavailable');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers a JSON 503 when the child cannot be claimed, writing no link', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dynamo.on(PutCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    const response = await wiredHandler()(reshareEvent(), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(putItems().map((item) => String(item.pk).split('#')[0])).toEqual(['RESHARE']); // one attempt, no link
  });

  it('refuses bad bodies without writing anything', async () => {
    const malformed = await wiredHandler()(reshareEvent('{nope'), lambdaContext);
    const unknownField = await wiredHandler()(reshareEvent('{"generation":5}'), lambdaContext);

    expect(malformed.statusCode).toBe(400);
    expect(unknownField.statusCode).toBe(400);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("refuses a call from another site's page with 403, minting and counting nothing", async () => {
    const event = reshareEvent();
    event.headers.origin = 'https://evil.example';

    const response = await wiredHandler()(event, lambdaContext);

    expect(response.statusCode).toBe(403);
    expect(response.headers?.['access-control-allow-origin']).toBeUndefined();
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('spends the address budget only on requests the visitor limit let through', async () => {
    dynamo.on(UpdateCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));

    const response = await wiredHandler()(reshareEvent(), lambdaContext);

    expect(response.statusCode).toBe(429);
    const scopes = dynamo.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.Key?.pk).split('#')[1]);
    expect(scopes).toEqual(['reshare-visitor']);
  });

  it('sets, as deployed, a Partitioned (CHIPS) visitor cookie over HTTPS for a visitor who sent none', async () => {
    const event = reshareEvent();
    delete event.cookies;
    event.headers['x-forwarded-proto'] = 'https';

    const response = await deployedHandler(event, lambdaContext);

    expect(response.statusCode).toBe(201);
    const attributes = (response.cookies?.[0] ?? '').split(';').map((part) => part.trim());
    expect(attributes).toEqual(expect.arrayContaining(['Secure', 'SameSite=None', 'Partitioned', 'HttpOnly']));
  });
});
