import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeRedirectHandler } from '../../../functions/redirect/handler.js';
import { makeVisitorIdentity } from '../../../shared/http/visitor-identity.js';
import { makeClickStore } from '../../../shared/store/clicks.js';
import { makeContentStore } from '../../../shared/store/contents.js';
import { keys } from '../../../shared/store/keys.js';
import { makeLinkStore } from '../../../shared/store/links.js';
import { makeCachedLookups } from '../../../shared/store/lookup-cache.js';
import { makeVisitorSaltStore } from '../../../shared/store/visitor-salts.js';
import { content, httpEvent, lambdaContext, link } from './fixtures.js';
import { mockDynamo, networkDown, serviceError, testDb } from '../../support/mock-dynamo.js';

const dynamo = mockDynamo();
const now = new Date('2026-11-26T12:00:00.000Z');

function wiredHandler() {
  const db = testDb();
  return makeRedirectHandler({
    lookups: makeCachedLookups({ links: makeLinkStore(db), contents: makeContentStore(db) }, { maxAgeSeconds: 30, maxEntries: 100 }),
    clicks: makeClickStore(db, { retentionDays: 30 }),
    visitors: makeVisitorIdentity(makeVisitorSaltStore(db)),
    clock: () => now,
  });
}

const click = (code = link.code, cookie = 'rpl_vid=h_unitVisitor00000000001') =>
  httpEvent({ method: 'GET', path: `/${code}`, routeKey: 'GET /{code}', pathParameters: { code }, cookies: [cookie] });

const storedItems = () => ({
  link: { ...keys.link(link.code), type: 'link', ...link },
  content: { ...keys.content(content.workspaceId, content.id), type: 'content', ...content },
});

beforeEach(() => {
  const items = storedItems();
  // Generic behaviour first: aws-sdk-client-mock lets later, input-specific ones override it.
  dynamo.on(GetCommand).resolves({});
  dynamo.on(GetCommand, { Key: keys.link(link.code) }).resolves({ Item: items.link });
  dynamo.on(GetCommand, { Key: keys.content(content.workspaceId, content.id) }).resolves({ Item: items.content });
  dynamo.on(PutCommand).resolves({});
});
afterEach(() => vi.restoreAllMocks());

const writes = () => [...dynamo.commandCalls(PutCommand), ...dynamo.commandCalls(UpdateCommand)];

describe('redirect handler', () => {
  it('makes exactly one write per click, and no read at all once its caches are warm', async () => {
    const handler = wiredHandler();

    const first = await handler(click(), lambdaContext);
    const readsAfterFirst = dynamo.commandCalls(GetCommand).length;
    const second = await handler(click(), lambdaContext);

    expect(first.statusCode).toBe(302);
    expect(second.statusCode).toBe(302);
    expect(readsAfterFirst).toBe(2); // link and content, once
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
    expect(writes()).toHaveLength(2);
    expect(dynamo.commandCalls(PutCommand).every((call) => call.args[0].input.Item?.type === 'click')).toBe(true);
  });

  it('answers a JSON 503 with Retry-After and no redirect when the click cannot be stored', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dynamo.on(PutCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    const response = await wiredHandler()(click(), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(response.headers?.location).toBeUndefined();
    expect(response.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(response.body ?? '')).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(writes()).toHaveLength(1); // the one failed click write, nothing else half-done
  });

  it('answers 503 when the link cannot be read, writing nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dynamo.on(GetCommand, { Key: keys.link(link.code) }).rejects(networkDown());

    const response = await wiredHandler()(click(), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(writes()).toHaveLength(0);
  });

  it('answers a bare 500 without internals for an unexpected store error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dynamo.on(PutCommand).rejects(Object.assign(new Error('One or more parameter values were invalid: secret detail'), { name: 'ValidationException' }));

    const response = await wiredHandler()(click(), lambdaContext);

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret detail');
    expect(response.body).not.toMatch(/\.ts:\d+/);
    expect(JSON.parse(response.body ?? '').error.code).toBe('internal_error');
    expect(logged).toHaveBeenCalled();
  });

  it('records nothing for an unknown code (404) or inactive content (410)', async () => {
    const items = storedItems();
    dynamo.on(GetCommand, { Key: keys.content(content.workspaceId, content.id) }).resolves({ Item: { ...items.content, active: false } });
    const handler = wiredHandler();

    const unknown = await handler(click('unknownCd1'), lambdaContext);
    const inactive = await handler(click(), lambdaContext);

    expect(unknown.statusCode).toBe(404);
    expect(inactive.statusCode).toBe(410);
    expect(JSON.parse(inactive.body ?? '').error.code).toBe('gone');
    expect(writes()).toHaveLength(0);
  });

  it('answers 503 and records nothing when a cookieless visitor needs a salt that cannot be created', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dynamo.on(PutCommand, { Item: { type: 'visitorSalt' } }).rejects(serviceError('ProvisionedThroughputExceededException', 400));
    const cookieless = httpEvent({ method: 'GET', path: `/${link.code}`, routeKey: 'GET /{code}', pathParameters: { code: link.code } });

    const response = await wiredHandler()(cookieless, lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(dynamo.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.type === 'click')).toHaveLength(0);
  });

  it('records a HEAD request as a bot click', async () => {
    const head = httpEvent({
      method: 'HEAD',
      path: `/${link.code}`,
      routeKey: 'HEAD /{code}',
      pathParameters: { code: link.code },
      cookies: ['rpl_vid=h_unitVisitor00000000001'],
    });

    const response = await wiredHandler()(head, lambdaContext);

    expect(response.statusCode).toBe(302);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ bot: true, code: link.code });
  });

  it('records the `via` marker as the click’s arrival channel, an unknown one as `other`, none as `direct`, and never passes it on', async () => {
    const handler = wiredHandler();
    const via = (marker?: string) => ({ ...click(), ...(marker === undefined ? {} : { queryStringParameters: { via: marker } }) });

    const responses = [await handler(via('whatsapp'), lambdaContext), await handler(via('bogus'), lambdaContext), await handler(via(), lambdaContext)];

    const arrivals = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.arrival);
    expect(arrivals).toEqual(['whatsapp', 'other', 'direct']);
    for (const response of responses) {
      expect(response.statusCode).toBe(302);
      expect(String(response.headers?.location)).not.toMatch(/via|whatsapp|bogus/);
    }
  });

  it('answers a browser following an unknown or inactive link with a page, keeping the status; JSON clients still get JSON', async () => {
    const items = storedItems();
    dynamo.on(GetCommand, { Key: keys.content(content.workspaceId, content.id) }).resolves({ Item: { ...items.content, active: false } });
    const handler = wiredHandler();
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const asBrowser = (event: ReturnType<typeof click>) => ({ ...event, headers: { ...event.headers, ...browser } });

    const unknown = await handler(asBrowser(click('unknownCd1')), lambdaContext);
    const inactive = await handler(asBrowser(click()), lambdaContext);
    const api = await handler({ ...click(), headers: { ...click().headers, accept: 'application/json' } }, lambdaContext);

    expect([unknown.statusCode, inactive.statusCode]).toEqual([404, 410]);
    expect(unknown.headers?.['content-type']).toMatch(/^text\/html/);
    expect(unknown.body).toContain("This link doesn't exist");
    expect(inactive.body).toContain('This link has expired');
    expect(api.statusCode).toBe(410);
    expect(JSON.parse(api.body ?? '').error.code).toBe('gone');
    expect(writes()).toHaveLength(0);
  });
});
