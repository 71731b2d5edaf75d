import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_START } from '../../shared/store/activity.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { api, visit, visitorCookie } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;
let contentId: string;

beforeAll(async () => {
  // No aggregation runs here: every count read is the live tail (a stack's very first minutes).
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
  contentId = (await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/links' })).body.id;
});
afterAll(async () => {
  await stack?.stop();
});

describe('minting links', () => {
  it('mints a seed link: generation 0, its own root, a short URL on this host', async () => {
    const response = await api(stack, 'POST', `/v1/contents/${contentId}/links`, { sharer: 'alice', channel: 'x' });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      contentId,
      parent: null,
      generation: 0,
      sharer: 'alice',
      channel: 'x',
      createdByVisitor: null,
    });
    expect(response.body.rootCode).toBe(response.body.code);
    expect(response.body.shortUrl).toBe(`${stack.url}/${response.body.code}`);
  });

  it('mints a re-share link under a parent: generation + 1, the same root', async () => {
    const seed = await api(stack, 'POST', `/v1/contents/${contentId}/links`, {});
    const child = await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: seed.body.code });
    const grandchild = await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: child.body.code });

    expect(child.body).toMatchObject({ parent: seed.body.code, rootCode: seed.body.code, generation: 1 });
    expect(grandchild.body).toMatchObject({ parent: child.body.code, rootCode: seed.body.code, generation: 2 });
  });

  it('refuses a parent that is unknown or belongs to another content', async () => {
    const otherContent = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/other' });
    const foreign = await api(stack, 'POST', `/v1/contents/${otherContent.body.id}/links`, {});

    const unknownParent = await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: 'ZZZZZZZZZZ' });
    const foreignParent = await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: foreign.body.code });
    const malformedParent = await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: 'no!' });

    for (const response of [unknownParent, foreignParent, malformedParent]) {
      expect(response.status).toBe(400);
      expect(response.body.error.issues[0].path).toEqual(['parent']);
    }
  });

  it('refuses links for unknown content (404) and inactive content (410)', async () => {
    const inactive = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/inactive' });
    await api(stack, 'PATCH', `/v1/contents/${inactive.body.id}`, { active: false });

    const unknown = await api(stack, 'POST', '/v1/contents/cnt_AAAAAAAAAAAAAAAAAAAAA/links', {});
    const gone = await api(stack, 'POST', `/v1/contents/${inactive.body.id}/links`, {});

    expect(unknown.status).toBe(404);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('gone');
  });

  it('validates sharer, channel and utm', async () => {
    const response = await api(stack, 'POST', `/v1/contents/${contentId}/links`, {
      sharer: 'x'.repeat(201),
      channel: '',
      utm: { source: 'ok', colour: 'red' },
    });

    expect(response.status).toBe(400);
    const paths = response.body.error.issues.map((issue: { path: string[] }) => issue.path.join('.'));
    expect(paths.sort()).toEqual(['channel', 'sharer', 'utm.colour']);
  });
});

describe('reading links', () => {
  it('lists the links of a content, newest first, paginated', async () => {
    const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/list' });
    const minted: { code: string; createdAt: string }[] = [];
    for (let index = 0; index < 5; index++) {
      minted.push((await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {})).body);
    }
    // Newest first; two minted in the same millisecond are ordered by code, as the listing does.
    const expected = [...minted].sort((a, b) => (`${b.createdAt}#${b.code}` < `${a.createdAt}#${a.code}` ? -1 : 1));

    const first = await api(stack, 'GET', `/v1/contents/${content.body.id}/links?limit=3`);
    const second = await api(stack, 'GET', `/v1/contents/${content.body.id}/links?limit=3&cursor=${first.body.nextCursor}`);

    const listed = [...first.body.items, ...second.body.items].map((link: { code: string }) => link.code);
    expect(listed).toEqual(expected.map((link) => link.code));
    expect(second.body.nextCursor).toBeNull();
  });

  it('reads one link with its live click, unique visitor and re-share counts', async () => {
    const seed = await api(stack, 'POST', `/v1/contents/${contentId}/links`, {});
    const code = seed.body.code;
    const first = await visit(stack, code);
    const cookie = visitorCookie(first);
    await visit(stack, code, { cookie });
    await visit(stack, code, { cookie: 'rpl_vid=h_anotherVisitor00000000' });
    await visit(stack, code, { method: 'HEAD' });
    await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: code });
    await fetch(`${stack.url}/v1/links/${code}/reshare`, { method: 'POST', headers: { cookie: cookie ?? '' } });

    const response = await api(stack, 'GET', `/v1/links/${code}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ code, clicks: 3, botClicks: 1, uniqueVisitors: 2, reshares: 2, countsAsOf: 'live' });
  });

  it('reads a just-made re-share link and its parent, live, before any aggregation has run', async () => {
    expect((await makeFeedControlStore(stack.db()).feedCheckpoint()).position).toBe(FEED_START);
    const seed = (await api(stack, 'POST', `/v1/contents/${contentId}/links`, {})).body.code as string;
    const cookie = visitorCookie(await visit(stack, seed));
    const child = (await (await fetch(`${stack.url}/v1/links/${seed}/reshare`, { method: 'POST', headers: { cookie: cookie ?? '' } })).json()) as {
      code: string;
    };

    // DynamoDB refuses the feed's empty start position in a key condition (dynalite takes it): this was a 500.
    const childRead = await api(stack, 'GET', `/v1/links/${child.code}`);
    const seedRead = await api(stack, 'GET', `/v1/links/${seed}`);

    expect(childRead.status).toBe(200);
    expect(childRead.body).toMatchObject({ code: child.code, parent: seed, clicks: 0, uniqueVisitors: 0, reshares: 0, countsAsOf: 'live' });
    expect(seedRead.body).toMatchObject({ clicks: 1, uniqueVisitors: 1, reshares: 1 });
  });

  it('answers 404 for unknown and malformed codes', async () => {
    expect((await api(stack, 'GET', '/v1/links/ZZZZZZZZZZ')).status).toBe(404);
    expect((await api(stack, 'GET', '/v1/links/bad!code')).status).toBe(404);
  });
});
