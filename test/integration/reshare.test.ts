import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bodyOf, eventually, postFrom, visit, visitorCookie } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

const PER_VISITOR = 3;
const PER_ADDRESS = 8;

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      RIPPLE_RESHARE_LIMIT_PER_VISITOR: String(PER_VISITOR),
      RIPPLE_RESHARE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
      // Windows align to multiples of their length since the epoch: one of 10^9 s runs until
      // 2033, so no window boundary can reset the counters mid-test.
      RIPPLE_RESHARE_LIMIT_WINDOW_SECONDS: '1000000000',
      RIPPLE_CACHE_SECONDS: '1',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

function reshare(code: string, options: { cookie?: string; body?: string; origin?: string } = {}) {
  return fetch(`${stack.url}/v1/links/${code}/reshare`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    body: options.body ?? '{}',
  });
}

async function seedLink() {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/share' });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'alice' });
  return { contentId: content.body.id as string, code: link.body.code as string };
}

// Each test uses fresh visitor ids so the per-visitor limit of one test never leaks into another.
let visitorSerial = 0;
const freshVisitor = () => `rpl_vid=h_${String(++visitorSerial).padStart(22, 'v')}`;

describe('POST /v1/links/{code}/reshare', () => {
  it('mints a child link with generation + 1, recording the cookie visitor as its creator, without an API key', async () => {
    const { contentId, code } = await seedLink();
    const landed = await visit(stack, code);
    const cookie = visitorCookie(landed);

    const response = await reshare(code, { cookie, body: JSON.stringify({ channel: 'whatsapp', sharer: 'bob' }) });

    expect(response.status).toBe(201);
    const child = await bodyOf(response);
    expect(child).toMatchObject({ contentId, parent: code, rootCode: code, generation: 1, channel: 'whatsapp', sharer: 'bob' });
    // The creator is recorded (the management API shows it), but never echoed to the page.
    expect(child).not.toHaveProperty('createdByVisitor');
    const recorded = await api(stack, 'GET', `/v1/links/${child.code}`);
    expect(recorded.body.createdByVisitor).toBe(cookie?.slice('rpl_vid='.length));
    const grandchild = await bodyOf(await reshare(child.code, { cookie }));
    expect(grandchild).toMatchObject({ parent: child.code, generation: 2, rootCode: code });
    expect((await visit(stack, grandchild.code)).status).toBe(302);
  });

  it('identifies a cookieless visitor by the salted hash the redirect would give it, and sets the cookie', async () => {
    const { code } = await seedLink();
    const redirectCookie = visitorCookie(await visit(stack, code, { userAgent: 'node' }));

    const response = await fetch(`${stack.url}/v1/links/${code}/reshare`, { method: 'POST', headers: { 'user-agent': 'node' } });

    expect(response.status).toBe(201);
    expect(visitorCookie(response)).toBe(redirectCookie);
    const recorded = await api(stack, 'GET', `/v1/links/${(await bodyOf(response)).code}`);
    expect(recorded.body.createdByVisitor).toBe(redirectCookie?.slice('rpl_vid='.length));
  });

  it('limits re-shares per visitor with 429 and Retry-After, counting the requests answered with the existing child', async () => {
    const { contentId, code } = await seedLink();
    const other = await seedLink();
    const cookie = freshVisitor();
    const send = (visitor: string, parent = code) => postFrom('127.0.0.2', `${stack.url}/v1/links/${parent}/reshare`, { headers: { cookie: visitor } });
    const statuses: number[] = [];
    for (let index = 0; index < PER_VISITOR; index++) statuses.push((await send(cookie)).status);

    const limited = await send(cookie);

    expect(statuses).toEqual([201, ...Array(PER_VISITOR - 1).fill(200)]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
    // The limit is the visitor's, whatever the parent: another link's first re-share is refused too.
    expect((await send(cookie, other.code)).status).toBe(429);
    const links = await api(stack, 'GET', `/v1/contents/${contentId}/links?limit=100`);
    expect(links.body.items).toHaveLength(2);
    expect((await send(freshVisitor())).status).toBe(201);
  });

  it('limits re-shares per client address, however many visitor ids it rotates through', async () => {
    const { code } = await seedLink();
    const statuses: number[] = [];
    for (let index = 0; index < PER_ADDRESS + 3; index++) {
      const response = await postFrom('127.0.0.3', `${stack.url}/v1/links/${code}/reshare`, { headers: { cookie: freshVisitor() } });
      statuses.push(response.status);
    }

    expect(statuses).toEqual([...Array(PER_ADDRESS).fill(201), 429, 429, 429]);
    // Another address is not affected.
    const elsewhere = await postFrom('127.0.0.4', `${stack.url}/v1/links/${code}/reshare`, { headers: { cookie: freshVisitor() } });
    expect(elsewhere.status).toBe(201);
  });
});

describe('one child per visitor and parent', () => {
  const reshareFrom = (address: string, code: string, headers: Record<string, string>, body: unknown = {}) =>
    postFrom(address, `${stack.url}/v1/links/${code}/reshare`, { headers, body: JSON.stringify(body) });

  it("answers the visitor's next re-share of the same link with 200 and the same child, as first made", async () => {
    const { contentId, code } = await seedLink();
    const cookie = freshVisitor();

    const first = await reshareFrom('127.0.0.5', code, { cookie }, { sharer: 'bob', channel: 'whatsapp' });
    const second = await reshareFrom('127.0.0.5', code, { cookie }, { sharer: 'eve', channel: 'x' });

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const stored = await api(stack, 'GET', `/v1/links/${first.body.code}`);
    expect(stored.body).toMatchObject({ parent: code, sharer: 'bob', channel: 'whatsapp' });
    expect((await api(stack, 'GET', `/v1/links/${code}`)).body.reshares).toBe(1);
    expect((await api(stack, 'GET', `/v1/contents/${contentId}/links?limit=100`)).body.items).toHaveLength(2);
  });

  it('gives another visitor a child of their own, and the same visitor one per parent', async () => {
    const { code } = await seedLink();
    const cookie = freshVisitor();

    const mine = await reshareFrom('127.0.0.5', code, { cookie });
    const theirs = await reshareFrom('127.0.0.5', code, { cookie: freshVisitor() });
    const grandchild = await reshareFrom('127.0.0.5', mine.body.code, { cookie });

    expect([mine.status, theirs.status, grandchild.status]).toEqual([201, 201, 201]);
    expect(theirs.body.code).not.toBe(mine.body.code);
    expect(grandchild.body).toMatchObject({ parent: mine.body.code, generation: 2 });
  });

  it('makes one child of requests sent at once by one visitor', async () => {
    const { contentId, code } = await seedLink();
    const cookie = freshVisitor();

    const answers = await Promise.all([1, 2, 3].map(() => reshareFrom('127.0.0.6', code, { cookie })));

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.code)).size).toBe(1);
    expect((await api(stack, 'GET', `/v1/contents/${contentId}/links?limit=100`)).body.items).toHaveLength(2);
  });

  it('knows a cookieless visitor again by the salted hash of address and user agent (the same UTC day)', async () => {
    const { code } = await seedLink();
    const headers = { 'user-agent': 'Mozilla/5.0 (cookieless test browser)' };

    const first = await reshareFrom('127.0.0.7', code, headers);
    const again = await reshareFrom('127.0.0.7', code, headers);
    const elsewhere = await reshareFrom('127.0.0.8', code, headers);

    expect([first.status, again.status, elsewhere.status]).toEqual([201, 200, 201]);
    expect(again.body.code).toBe(first.body.code);
    expect(elsewhere.body.code).not.toBe(first.body.code);
  });
});

describe('re-share errors', () => {
  let fresh: LocalStack;
  beforeAll(async () => {
    fresh = await startLocalStack({ env: { RIPPLE_CACHE_SECONDS: '1' } });
  });
  afterAll(async () => {
    await fresh?.stop();
  });

  const post = (code: string, init: RequestInit = {}) => fetch(`${fresh.url}/v1/links/${code}/reshare`, { method: 'POST', ...init });

  it('answers 404 for unknown codes, 400 for bad bodies, 413 for huge ones', async () => {
    const content = await api(fresh, 'POST', '/v1/contents', { url: 'https://shop.example.com/e' });
    const link = await api(fresh, 'POST', `/v1/contents/${content.body.id}/links`, {});

    const unknown = await post('ZZZZZZZZZZ');
    const malformedJson = await post(link.body.code, { body: '{oops' });
    const unknownField = await post(link.body.code, { body: JSON.stringify({ parent: 'x' }) });
    const huge = await post(link.body.code, { body: JSON.stringify({ sharer: 'x'.repeat(70_000) }) });

    expect(unknown.status).toBe(404);
    expect(malformedJson.status).toBe(400);
    expect((await bodyOf(malformedJson)).error.code).toBe('invalid_json');
    expect(unknownField.status).toBe(400);
    expect((await bodyOf(unknownField)).error.issues[0].path).toEqual(['parent']);
    expect(huge.status).toBe(413);
  });

  it('answers 410 once the content is inactive', async () => {
    const content = await api(fresh, 'POST', '/v1/contents', { url: 'https://shop.example.com/g' });
    const link = await api(fresh, 'POST', `/v1/contents/${content.body.id}/links`, {});
    await api(fresh, 'PATCH', `/v1/contents/${content.body.id}`, { active: false });

    let attempt = 0;
    const status = await eventually(async () => {
      const response = await post(link.body.code, { headers: { cookie: `rpl_vid=h_${String(++attempt).padStart(22, 'g')}` } });
      return response.status === 410 ? response.status : undefined;
    });
    expect(status).toBe(410);
  });

  it("admits the content's own page: preflight, success and errors carry CORS headers", async () => {
    const origin = 'https://shop.example.com';
    const content = await api(fresh, 'POST', '/v1/contents', { url: `${origin}/spring?x=1` });
    const link = await api(fresh, 'POST', `/v1/contents/${content.body.id}/links`, {});
    const path = `${fresh.url}/v1/links/${link.body.code}/reshare`;

    const preflight = await fetch(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const created = await post(link.body.code, { headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    const invalid = await post(link.body.code, { headers: { origin }, body: '{"generation":9}' });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(origin);
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it("refuses other sites' pages with 403 and mints nothing for them", async () => {
    const content = await api(fresh, 'POST', '/v1/contents', { url: 'https://shop.example.com/guarded' });
    const link = await api(fresh, 'POST', `/v1/contents/${content.body.id}/links`, {});

    for (const origin of ['https://evil.example', 'null', 'http://shop.example.com']) {
      const preflight = await fetch(`${fresh.url}/v1/links/${link.body.code}/reshare`, { method: 'OPTIONS', headers: { origin } });
      const attempt = await post(link.body.code, { headers: { origin, 'content-type': 'text/plain' }, body: '{}' });
      expect(preflight.status, origin).toBe(403);
      expect(attempt.status, origin).toBe(403);
      expect(attempt.headers.get('access-control-allow-origin')).toBeNull();
      expect((await bodyOf(attempt)).error.code).toBe('forbidden');
    }
    const links = await api(fresh, 'GET', `/v1/contents/${content.body.id}/links`);
    expect(links.body.items).toHaveLength(1);
  });
});
