import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithKey } from '../../shared/admin.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { api, eventually, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

// Read-only report links through the real HTTP surface: a share token in the Authorization header
// opens the content's four reads and nothing else, and stops at once when the share is revoked.
let stack: LocalStack;
let otherKey: string;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
  ({ apiKey: otherKey } = await createWorkspaceWithKey(makeWorkspaceStore(stack.db()), { name: 'other' }, new Date()));
});
afterAll(async () => {
  await stack?.stop();
});

const aggregate = () => fetch(`${stack.url}/_local/aggregate`, { method: 'POST', body: '{}' }).then((response) => response.json());
const sharesOf = (contentId: string) => `/v1/contents/${contentId}/shares`;
const readsOf = (contentId: string) => [
  `/v1/contents/${contentId}`,
  `/v1/contents/${contentId}/report`,
  `/v1/contents/${contentId}/cascade`,
  `/v1/contents/${contentId}/series`,
];
const readAll = (contentId: string, token: string) => Promise.all(readsOf(contentId).map((path) => api(stack, 'GET', path, undefined, { key: token })));

/** A content with a seed link that was clicked once, aggregated. */
async function sharedContent() {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/spring' });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'alice' });
  expect((await visit(stack, link.body.code)).status).toBe(302);
  await aggregate();
  return { contentId: content.body.id as string, code: link.body.code as string };
}

describe('a share link', () => {
  it("opens the content's report, cascade, series and content to a bearer of its token, until it is revoked", async () => {
    const { contentId, code } = await sharedContent();

    const created = await api(stack, 'POST', sharesOf(contentId), { label: 'For the agency' });
    expect(created.status).toBe(201);
    const { id, token } = created.body;
    expect(created.body).toEqual({
      id: expect.stringMatching(/^shr_/),
      contentId,
      token: expect.stringMatching(/^rshr_[0-9A-Za-z]{32}$/),
      url: `${stack.url}/app/r/${token}`,
      label: 'For the agency',
      createdAt: expect.any(String),
      expiresAt: null,
    });

    const [content, report, cascade, series] = await readAll(contentId, token);
    expect([content, report, cascade, series].map((response) => response?.status)).toEqual([200, 200, 200, 200]);
    expect(content?.body).toMatchObject({ id: contentId, url: 'https://shop.example.com/spring' });
    expect(report?.body).toMatchObject({ contentId, links: 1, clicks: 1 });
    expect(cascade?.body.nodes).toEqual([expect.objectContaining({ code, sharer: 'alice' })]);
    expect(series?.body).toMatchObject({ contentId, buckets: expect.any(Array) });

    const listed = await api(stack, 'GET', sharesOf(contentId));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [{ id, contentId, label: 'For the agency', createdAt: created.body.createdAt, expiresAt: null }], nextCursor: null });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const revoked = await api(stack, 'DELETE', `${sharesOf(contentId)}/${id}`);
    expect(revoked.status).toBe(204);

    for (const response of await readAll(contentId, token)) {
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: 'not_found', message: 'This share link does not exist, was revoked or has expired' });
    }
    expect((await api(stack, 'GET', sharesOf(contentId))).body.items).toEqual([]);
    expect((await api(stack, 'DELETE', `${sharesOf(contentId)}/${id}`)).status).toBe(404);
  });

  it("opens nothing else: no other content, no management route, not even its own content's links or shares", async () => {
    const { contentId, code } = await sharedContent();
    const other = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/other' });
    const { token } = (await api(stack, 'POST', sharesOf(contentId), {})).body;
    const as = { key: token };
    const contentsBefore = (await api(stack, 'GET', '/v1/contents?limit=100')).body.items.length;

    const attempts = [
      ...(await readAll(other.body.id, token)),
      await api(stack, 'POST', '/v1/contents', { url: 'https://evil.example.com/' }, as),
      await api(stack, 'GET', '/v1/contents', undefined, as),
      await api(stack, 'PATCH', `/v1/contents/${contentId}`, { active: false }, as),
      await api(stack, 'GET', `/v1/contents/${contentId}/links`, undefined, as),
      await api(stack, 'POST', `/v1/contents/${contentId}/links`, {}, as),
      await api(stack, 'GET', `/v1/links/${code}`, undefined, as),
      await api(stack, 'GET', sharesOf(contentId), undefined, as),
      await api(stack, 'POST', sharesOf(contentId), {}, as),
      await api(stack, 'GET', '/v1/webhooks', undefined, as),
    ];

    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await api(stack, 'GET', `/v1/contents/${contentId}`)).body.active).toBe(true);
    expect((await api(stack, 'GET', '/v1/contents?limit=100')).body.items).toHaveLength(contentsBefore);
  });

  it('stops opening at its expiry', async () => {
    const { contentId } = await sharedContent();
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await api(stack, 'POST', sharesOf(contentId), { expiresAt });
    expect(created.body.expiresAt).toBe(expiresAt);
    expect((await api(stack, 'GET', `/v1/contents/${contentId}/report`, undefined, { key: created.body.token })).status).toBe(200);

    const expired = await eventually(async () => {
      const response = await api(stack, 'GET', `/v1/contents/${contentId}/report`, undefined, { key: created.body.token });
      return response.status === 404 ? response : undefined;
    });

    expect(expired.body.error.message).toMatch(/has expired/);
  });
});

describe('managing shares', () => {
  it('lists shares newest first, a page at a time', async () => {
    const { contentId } = await sharedContent();
    for (const label of ['one', 'two', 'three']) await api(stack, 'POST', sharesOf(contentId), { label });

    const first = await api(stack, 'GET', `${sharesOf(contentId)}?limit=2`);
    const second = await api(stack, 'GET', `${sharesOf(contentId)}?limit=2&cursor=${first.body.nextCursor}`);

    expect(first.body.items.map((share: { label: string }) => share.label)).toEqual(['three', 'two']);
    expect(second.body).toEqual({ items: [expect.objectContaining({ label: 'one' })], nextCursor: null });
  });

  it('refuses bad input with 400s that name the field, and unknown ids with 404s', async () => {
    const { contentId } = await sharedContent();

    const past = await api(stack, 'POST', sharesOf(contentId), { expiresAt: '2020-01-01T00:00:00Z' });
    const notIso = await api(stack, 'POST', sharesOf(contentId), { expiresAt: 'next tuesday' });
    const long = await api(stack, 'POST', sharesOf(contentId), { label: 'x'.repeat(101) });
    const unknownField = await api(stack, 'POST', sharesOf(contentId), { token: 'rshr_mine' });

    expect(past.body.error).toMatchObject({ code: 'validation_error', issues: [{ path: ['expiresAt'], message: 'must be in the future' }] });
    expect(notIso.body.error.issues).toEqual([{ path: ['expiresAt'], message: expect.stringMatching(/^must be an ISO 8601 date-time/) }]);
    expect(long.body.error.issues).toEqual([{ path: ['label'], message: expect.stringContaining('100') }]);
    expect(unknownField.body.error.issues).toEqual([{ path: ['token'], message: 'is not a known field' }]);
    for (const response of [past, notIso, long, unknownField]) expect(response.status).toBe(400);

    const unknownShare = await api(stack, 'DELETE', `${sharesOf(contentId)}/shr_${'A'.repeat(21)}`);
    const malformedShare = await api(stack, 'DELETE', `${sharesOf(contentId)}/nope`);
    const unknownContent = await api(stack, 'POST', sharesOf(`cnt_${'A'.repeat(21)}`), {});
    for (const response of [unknownShare, malformedShare, unknownContent]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect(unknownShare.body.error.message).toBe('No share link with this id');
  });

  it("answers 404 to another workspace's key on every share route, and leaves the share working", async () => {
    const { contentId } = await sharedContent();
    const created = await api(stack, 'POST', sharesOf(contentId), {});
    const as = { key: otherKey };

    const attempts = [
      await api(stack, 'POST', sharesOf(contentId), {}, as),
      await api(stack, 'GET', sharesOf(contentId), undefined, as),
      await api(stack, 'DELETE', `${sharesOf(contentId)}/${created.body.id}`, undefined, as),
    ];

    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await api(stack, 'GET', `/v1/contents/${contentId}/report`, undefined, { key: created.body.token })).status).toBe(200);
    expect((await api(stack, 'GET', sharesOf(contentId))).body.items).toHaveLength(1);
  });

  it('keeps no share token in plain text anywhere in the table', async () => {
    const { contentId } = await sharedContent();
    const { token } = (await api(stack, 'POST', sharesOf(contentId), { label: 'audit' })).body;

    // A Scan is fine in a test: it proves no item anywhere holds the token in the clear.
    const db = stack.db();
    const { Items = [] } = await db.doc.send(new ScanCommand({ TableName: db.table }));
    expect(Items.filter((item) => item.type === 'shareToken').length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain(token);
    expect(JSON.stringify(Items)).not.toContain(token.slice('rshr_'.length));
  });
});
