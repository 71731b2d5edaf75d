import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;

// Newest first; two made in the same millisecond are ordered by id, as the listing does.
const newestFirst = <T extends { id: string; createdAt: string }>(items: T[]) =>
  [...items].sort((a, b) => (`${b.createdAt}#${b.id}` < `${a.createdAt}#${a.id}` ? -1 : 1));

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('contents', () => {
  it('registers content with defaults and reads it back', async () => {
    const created = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/a', title: 'A', campaign: 'spring' });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^cnt_[A-Za-z0-9_-]{21}$/),
      url: 'https://shop.example.com/a',
      title: 'A',
      campaign: 'spring',
      refParam: 'ref',
      kWindowSeconds: 86_400,
      active: true,
    });
    expect(created.headers.get('location')).toBe(`/v1/contents/${created.body.id}`);
    const read = await api(stack, 'GET', `/v1/contents/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('registers a content backdated to when its sharing began, but not one dated in the future', async () => {
    const backdated = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/old', createdAt: '2026-03-01T00:00:00+02:00' });
    const future = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/new', createdAt: new Date(Date.now() + 60_000).toISOString() });

    expect(backdated.status).toBe(201);
    expect(backdated.body.createdAt).toBe('2026-02-28T22:00:00.000Z');
    expect(Date.parse(backdated.body.updatedAt)).toBeGreaterThan(Date.parse(backdated.body.createdAt));
    expect(future.status).toBe(400);
    expect(future.body.error.issues).toEqual([{ path: ['createdAt'], message: 'must not be in the future' }]);
  });

  it('updates title and active, and keeps the rest', async () => {
    const created = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/b', title: 'B' });

    const patched = await api(stack, 'PATCH', `/v1/contents/${created.body.id}`, { title: 'B2', active: false });

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: created.body.id, title: 'B2', active: false, url: created.body.url });
    expect(patched.body.updatedAt >= created.body.updatedAt).toBe(true);
    const cleared = await api(stack, 'PATCH', `/v1/contents/${created.body.id}`, { title: null });
    expect(cleared.body).toMatchObject({ title: null, active: false });
  });

  it('lists newest first, page by page with a cursor, and filters by campaign', async () => {
    const campaign = `list-${Date.now()}`;
    const created: { id: string; createdAt: string }[] = [];
    for (let index = 0; index < 5; index++) {
      created.push((await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com/${index}`, campaign })).body);
    }
    await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/other', campaign: `${campaign}-other` });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?campaign=${campaign}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api(stack, 'GET', `/v1/contents${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual(newestFirst(created).map((content) => content.id));
    const all = await api(stack, 'GET', '/v1/contents?limit=100');
    expect(all.body.items.length).toBeGreaterThanOrEqual(6);
  });

  it('answers 404 for unknown and malformed content ids', async () => {
    const unknown = await api(stack, 'GET', '/v1/contents/cnt_AAAAAAAAAAAAAAAAAAAAA');
    const malformed = await api(stack, 'GET', '/v1/contents/nope');
    const patchUnknown = await api(stack, 'PATCH', '/v1/contents/cnt_AAAAAAAAAAAAAAAAAAAAA', { title: 'x' });

    for (const response of [unknown, malformed, patchUnknown]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });
});

describe('bad input', () => {
  it('refuses non-http(s) destinations with a validation error naming the field', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://files.example.com/x', 'not a url']) {
      const response = await api(stack, 'POST', '/v1/contents', { url });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_error');
      expect(response.body.error.issues).toEqual([expect.objectContaining({ path: ['url'] })]);
    }
  });

  it('names every bad field, unknown ones included', async () => {
    const response = await api(stack, 'POST', '/v1/contents', {
      url: 'https://ok.example.com',
      kWindowSeconds: 0,
      campaign: 'has spaces',
      colour: 'blue',
    });

    expect(response.status).toBe(400);
    const paths = response.body.error.issues.map((issue: { path: string[] }) => issue.path.join('.'));
    expect(paths.sort()).toEqual(['campaign', 'colour', 'kWindowSeconds']);
    expect(response.body.error.message).toContain('kWindowSeconds');
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await api(stack, 'POST', '/v1/contents', undefined, { rawBody: '{"url":' });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
  });

  it('answers bodies over 64 KiB with 413 and stores nothing', async () => {
    const before = await api(stack, 'GET', '/v1/contents?limit=100');
    const response = await api(stack, 'POST', '/v1/contents', { url: `https://a.example/${'a'.repeat(100_000)}` });

    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    const after = await api(stack, 'GET', '/v1/contents?limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('refuses an empty PATCH and a bad limit or cursor with 400', async () => {
    const created = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/c' });
    const emptyPatch = await api(stack, 'PATCH', `/v1/contents/${created.body.id}`, {});
    const badLimit = await api(stack, 'GET', '/v1/contents?limit=1000');
    const badCursor = await api(stack, 'GET', '/v1/contents?cursor=bm90LWEtY3Vyc29y');

    expect(emptyPatch.status).toBe(400);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.issues[0].path).toEqual(['limit']);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.issues[0].path).toEqual(['cursor']);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await api(stack, 'DELETE', '/v1/contents');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('never answers a 5xx or a stack trace, whatever the body', async () => {
    const bodies = [
      '[]',
      'null',
      '"x"',
      '12',
      '{"url":{"$gt":""}}',
      '{"__proto__":{"admin":true},"url":"https://a.example"}',
      '\u0000',
      '{"url": "https://a.example", "title": ""}',
    ];
    for (const rawBody of bodies) {
      const response = await api(stack, 'POST', '/v1/contents', undefined, { rawBody });
      expect(response.status, rawBody).toBeLessThan(500);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('refuses forged cursors that DynamoDB itself would reject, with 400 naming the cursor', async () => {
    const partition = 'WS#ws_local#CONTENTS';
    const forge = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const forged = [
      forge({ pk: '', sk: 'CONTENT', gsi1pk: partition, gsi1sk: '2026#x' }),
      forge({ pk: 'WS#ws_local#CNT#x', sk: 'CONTENT', gsi1pk: partition, gsi1sk: 'x'.repeat(2000) }),
      forge({ pk: 'WS#ws_local#CNT#x', sk: '', gsi1pk: partition, gsi1sk: '2026#x' }),
    ];
    for (const cursor of forged) {
      const response = await api(stack, 'GET', `/v1/contents?cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body.error.issues[0].path).toEqual(['cursor']);
    }
  });

  it('refuses destinations with credentials or already using the ref parameter', async () => {
    const credentials = await api(stack, 'POST', '/v1/contents', { url: 'https://bank.example@evil.example/' });
    const refClash = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/?ref=old' });

    expect(credentials.status).toBe(400);
    expect(credentials.body.error.issues[0]).toMatchObject({ path: ['url'], message: 'must not contain a user name or password' });
    expect(refClash.status).toBe(400);
    expect(refClash.body.error.issues[0].path).toEqual(['url']);
  });

  it('never answers a 5xx to odd query strings, cursors, headers or paths', async () => {
    const paths = [
      '/v1/contents?limit=abc',
      '/v1/contents?limit=-1',
      '/v1/contents?limit=1.5',
      '/v1/contents?limit=1&limit=2',
      '/v1/contents?cursor=',
      '/v1/contents?cursor=%00%01',
      `/v1/contents?cursor=${'A'.repeat(3000)}`,
      '/v1/contents?campaign=%F0%9F%92%A5',
      '/v1/contents?campaign=a&campaign=b',
      '/v1/contents/%00',
      '/v1/contents/cnt_%2F..%2F..%2Fetc',
      '/v1/links/%E2%80%AE',
      '/v1/contents/cnt_AAAAAAAAAAAAAAAAAAAAA/links?limit=0',
    ];
    for (const path of paths) {
      const response = await api(stack, 'GET', path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
    const headers: Record<string, string>[] = [
      { authorization: 'Bearer' },
      { authorization: `Bearer ${'k'.repeat(5000)}` },
      { authorization: 'Bearer a b c' },
      { 'content-type': 'application/xml' },
      { 'idempotency-key': '' },
    ];
    for (const extra of headers) {
      const response = await api(stack, 'POST', '/v1/contents', { url: 'https://a.example/' }, { headers: extra });
      expect(response.status, JSON.stringify(extra).slice(0, 60)).toBeLessThan(500);
    }
  });
});

describe('pagination', () => {
  it('hands out no cursor on a page that holds exactly the last items', async () => {
    const campaign = `exact-${Date.now()}`;
    for (let index = 0; index < 3; index++) await api(stack, 'POST', '/v1/contents', { url: `https://a.example/${index}`, campaign });

    const page = await api(stack, 'GET', `/v1/contents?campaign=${campaign}&limit=3`);

    expect(page.body.items).toHaveLength(3);
    expect(page.body.nextCursor).toBeNull();
  });
});
