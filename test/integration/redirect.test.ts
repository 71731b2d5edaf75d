import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { storedClicks } from '../support/clicks.js';
import { api, bodyOf, browserUserAgent, eventually, visit, visitorCookie } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

const iPhone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

let stack: LocalStack;

beforeAll(async () => {
  // A 1 s cache keeps the "inactive within a minute" check fast; the default is 30 s.
  stack = await startLocalStack({ env: { RIPPLE_CACHE_SECONDS: '1' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function contentWithLink(content: Record<string, unknown>, link: Record<string, unknown> = {}) {
  const created = await api(stack, 'POST', '/v1/contents', content);
  expect(created.status).toBe(201);
  const minted = await api(stack, 'POST', `/v1/contents/${created.body.id}/links`, link);
  expect(minted.status).toBe(201);
  return { content: created.body, link: minted.body };
}

describe('GET /{code}', () => {
  it('answers 302 to the destination with ref added, its own query and fragment kept, and no caching', async () => {
    const { link } = await contentWithLink({ url: 'https://shop.example.com/spring?utm_source=x&q=a%2Fb#buy' });

    const response = await visit(stack, link.code);

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`https://shop.example.com/spring?utm_source=x&q=a%2Fb&ref=${link.code}#buy`);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('uses the content refParam and the link UTM tags', async () => {
    const { link } = await contentWithLink({ url: 'https://shop.example.com/', refParam: 'via' }, { utm: { source: 'whatsapp', medium: 'social' } });

    const response = await visit(stack, link.code);

    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('via')).toBe(link.code);
    expect(location.searchParams.get('utm_source')).toBe('whatsapp');
    expect(location.searchParams.get('utm_medium')).toBe('social');
    expect(location.searchParams.has('ref')).toBe(false);
  });

  it('sets a visitor cookie on a first visit and keeps the visitor it names afterwards', async () => {
    const { link } = await contentWithLink({ url: 'https://shop.example.com/cookie' });

    const first = await visit(stack, link.code);
    const cookie = visitorCookie(first);
    expect(cookie).toMatch(/^rpl_vid=h_[A-Za-z0-9_-]{22}$/);
    expect(first.headers.getSetCookie()[0]).toMatch(/HttpOnly/);

    const second = await visit(stack, link.code, { cookie });
    expect(visitorCookie(second)).toBeUndefined();

    const clicks = await storedClicks(stack, LOCAL_WORKSPACE_ID, link.code);
    expect(clicks).toHaveLength(2);
    expect(new Set(clicks.map((click) => click.visitorId))).toEqual(new Set([cookie?.slice('rpl_vid='.length)]));
  });

  it('records each click with link, generation, visitor, referrer host and device, never a raw IP or user agent', async () => {
    const { content, link } = await contentWithLink({ url: 'https://shop.example.com/record' });
    const child = await api(stack, 'POST', `/v1/contents/${content.id}/links`, { parent: link.code });

    await visit(stack, child.body.code, { userAgent: iPhone, referer: 'https://news.example.org/story?id=42' });

    const [click] = await storedClicks(stack, LOCAL_WORKSPACE_ID, child.body.code);
    expect(click).toMatchObject({
      type: 'click',
      code: child.body.code,
      contentId: content.id,
      rootCode: link.code,
      generation: 1,
      bot: false,
      device: 'mobile',
      referrerHost: 'news.example.org',
    });
    expect(click?.visitorId).toMatch(/^h_/);
    const stored = JSON.stringify(click);
    expect(stored).not.toContain('127.0.0.1');
    expect(stored).not.toContain('iPhone');
    expect(stored).not.toContain('story?id=42');
  });

  it('records HEAD requests and link-preview fetchers as bot clicks, still redirecting them', async () => {
    const { link } = await contentWithLink({ url: 'https://shop.example.com/bots' });

    const head = await visit(stack, link.code, { method: 'HEAD' });
    const slack = await visit(stack, link.code, { userAgent: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' });
    const whatsapp = await visit(stack, link.code, { userAgent: 'WhatsApp/2.23.20.0 A' });
    const human = await visit(stack, link.code, { userAgent: browserUserAgent });

    expect([head.status, slack.status, whatsapp.status, human.status]).toEqual([302, 302, 302, 302]);
    const counts = await api(stack, 'GET', `/v1/links/${link.code}`);
    expect(counts.body).toMatchObject({ clicks: 1, botClicks: 3, uniqueVisitors: 1, countsAsOf: 'live' });
  });

  it('answers 404 for unknown codes and malformed paths, recording nothing', async () => {
    const unknown = await visit(stack, 'zzzzzzzzzz');
    const malformed = await visit(stack, 'favicon.ico');

    expect(unknown.status).toBe(404);
    expect((await bodyOf(unknown)).error.code).toBe('not_found');
    expect(malformed.status).toBe(404);
  });

  it('answers 410 gone once the content is deactivated, within the cache age, and records no click', async () => {
    const { content, link } = await contentWithLink({ url: 'https://shop.example.com/ending' });
    expect((await visit(stack, link.code)).status).toBe(302);

    const patched = await api(stack, 'PATCH', `/v1/contents/${content.id}`, { active: false });
    expect(patched.body.active).toBe(false);

    const response = await eventually(async () => {
      const attempt = await visit(stack, link.code);
      return attempt.status === 410 ? attempt : undefined;
    });
    expect((await bodyOf(response)).error.code).toBe('gone');
    const before = await api(stack, 'GET', `/v1/links/${link.code}`);
    expect((await visit(stack, link.code)).status).toBe(410);
    const after = await api(stack, 'GET', `/v1/links/${link.code}`);
    expect(after.body.clicks).toBe(before.body.clicks);

    const reactivated = await api(stack, 'PATCH', `/v1/contents/${content.id}`, { active: true });
    expect(reactivated.status).toBe(200);
    await eventually(async () => ((await visit(stack, link.code)).status === 302 ? true : undefined));
  });

  it('records the channel a click arrived through from `?via=` (unknown: other, none: direct) and never passes the marker on', async () => {
    const { link } = await contentWithLink({ url: 'https://shop.example.com/arrivals?q=1' });

    const responses = [await visit(stack, `${link.code}?via=whatsapp`), await visit(stack, `${link.code}?via=bogus`), await visit(stack, link.code)];

    for (const response of responses) {
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`https://shop.example.com/arrivals?q=1&ref=${link.code}`);
    }
    const clicks = await storedClicks(stack, LOCAL_WORKSPACE_ID, link.code);
    expect(clicks.map((click) => click.arrival).sort()).toEqual(['direct', 'other', 'whatsapp']);
  });
});

describe('GET /{code} of a dead link, from a browser', () => {
  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
  const follow = (code: string, accept: string) => fetch(`${stack.url}/${code}`, { redirect: 'manual', headers: { accept, 'user-agent': browserUserAgent } });

  it('shows a page saying the link doesn’t exist, still a 404, and JSON to a client asking for JSON', async () => {
    const page = await follow('zzzzzzzzzz', BROWSER_ACCEPT);
    const json = await follow('zzzzzzzzzz', 'application/json');

    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(await page.text()).toContain("This link doesn't exist");
    expect(json.status).toBe(404);
    expect((await bodyOf(json)).error.code).toBe('not_found');
  });

  it('shows a page saying the link has expired once its content is inactive, still a 410, and JSON to a client asking for JSON', async () => {
    const { content, link } = await contentWithLink({ url: 'https://shop.example.com/expired' });
    expect((await api(stack, 'PATCH', `/v1/contents/${content.id}`, { active: false })).status).toBe(200);

    const page = await eventually(async () => {
      const attempt = await follow(link.code, BROWSER_ACCEPT);
      return attempt.status === 410 ? attempt : undefined;
    });
    const json = await follow(link.code, 'application/json');

    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('This link has expired');
    expect(json.status).toBe(410);
    expect((await bodyOf(json)).error.code).toBe('gone');
  });
});
