import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithKey } from '../../shared/admin.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });
const campaignOf = (label: string) => `idem-${label}-${Date.now()}`;

describe('Idempotency-Key on POST /v1/contents', () => {
  it('returns the first content again for a retried request, storing one', async () => {
    const campaign = campaignOf('retry');
    const body = { url: 'https://shop.example.com/once', campaign };

    const first = await api(stack, 'POST', '/v1/contents', body, withKey('order-1'));
    const retry = await api(stack, 'POST', '/v1/contents', body, withKey('order-1'));

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const listed = await api(stack, 'GET', `/v1/contents?campaign=${campaign}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('stores exactly one content when many retries race', async () => {
    const campaign = campaignOf('race');
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/race', campaign }, withKey('race-1'))),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(11);
    const listed = await api(stack, 'GET', `/v1/contents?campaign=${campaign}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('answers 409 conflict when the key comes back with a different request, changing nothing', async () => {
    const first = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/a' }, withKey('order-2'));

    const reused = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/b' }, withKey('order-2'));

    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('conflict');
    expect((await api(stack, 'GET', `/v1/contents/${first.body.id}`)).body.url).toBe('https://shop.example.com/a');
  });

  it('scopes keys to the workspace', async () => {
    const { apiKey } = await createWorkspaceWithKey(makeWorkspaceStore(stack.db()), { name: 'idem-other' }, new Date());
    const body = { url: 'https://shop.example.com/shared-key' };

    const mine = await api(stack, 'POST', '/v1/contents', body, withKey('shared-key'));
    const theirs = await api(stack, 'POST', '/v1/contents', body, { key: apiKey, ...withKey('shared-key') });

    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const response = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/' }, withKey('x'.repeat(300)));

    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].path).toEqual(['Idempotency-Key']);
  });
});

describe('Idempotency-Key on POST /v1/contents/{id}/links', () => {
  it('mints one link for a retried request and 409s a different one under the same key', async () => {
    const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/links-once' });
    const path = `/v1/contents/${content.body.id}/links`;

    const first = await api(stack, 'POST', path, { sharer: 'alice' }, withKey('mint-1'));
    const retry = await api(stack, 'POST', path, { sharer: 'alice' }, withKey('mint-1'));
    const different = await api(stack, 'POST', path, { sharer: 'bob' }, withKey('mint-1'));

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.code).toBe(first.body.code);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(different.status).toBe(409);
    const links = await api(stack, 'GET', `${path}?limit=100`);
    expect(links.body.items.map((link: { code: string }) => link.code)).toEqual([first.body.code]);
  });

  it('replays the first link even after the content was deactivated', async () => {
    const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/then-ended' });
    const path = `/v1/contents/${content.body.id}/links`;
    const first = await api(stack, 'POST', path, { channel: 'x' }, withKey('mint-before-end'));
    await api(stack, 'PATCH', `/v1/contents/${content.body.id}`, { active: false });

    const retry = await api(stack, 'POST', path, { channel: 'x' }, withKey('mint-before-end'));
    const fresh = await api(stack, 'POST', path, { channel: 'x' }, withKey('mint-after-end'));

    expect(retry.status).toBe(201);
    expect(retry.body.code).toBe(first.body.code);
    expect(fresh.status).toBe(410);
  });
});
