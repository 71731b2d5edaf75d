import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

// The dashboard as the local stack serves it, through the real HTTP surface: the page under its
// CSP, its hashed assets, the sign-in link npm start prints, and a share's page that stops
// answering the moment the share is revoked.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await stack?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.url}${path}`, { headers, redirect: 'manual' });
const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');

describe('the dashboard on the local stack', () => {
  it('prints a sign-in link whose key rides in the fragment', () => {
    expect(stack.output()).toContain(`Dashboard: ${stack.url}/app#key=${stack.apiKey}`);
  });

  it('serves its page at /app and at any client-side path, never cached, under a strict CSP', async () => {
    for (const path of ['/app', '/app/contents/cnt_x/tree']) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toMatch(
        /default-src 'none'; script-src 'self'; style-src 'self'.*connect-src 'self'.*frame-ancestors 'none'/,
      );
      expect(await page.text()).toMatch(/<script type="module" src="\/app\/assets\/dashboard-[A-Z0-9]{8}\.js"><\/script>/);
    }
    expect((await get('/')).headers.get('location')).toBe('/app');
  });

  it('serves the assets the page names, content-hashed and immutable, gzipped on request', async () => {
    const assets = assetsOf(await (await get('/app')).text());
    expect(assets.length).toBe(3); // icon, style sheet, entry script
    for (const path of assets.filter((asset) => /-[A-Z0-9]{8}\./.test(asset))) {
      const plain = await get(path);
      expect(plain.status, path).toBe(200);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = Buffer.from(await plain.arrayBuffer());
      expect(body.length).toBeGreaterThan(0);
      // fetch decompresses what it gets: the same bytes, sent gzipped.
      const gzipped = await fetch(`${stack.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(Buffer.from(await gzipped.arrayBuffer())).toEqual(body);
    }
    expect((await get('/app/assets/dashboard-NOTBUILT.js')).status).toBe(404);
  });

  it("shows a share's page while the share exists, and 404 from the moment it is revoked", async () => {
    const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/spring' });
    const share = await api(stack, 'POST', `/v1/contents/${content.body.id}/shares`, {});
    const path = new URL(share.body.url as string).pathname;

    const live = await get(path);
    expect(live.status).toBe(200);
    expect(await live.text()).toContain(`<meta name="ripple-shared-content" content="${content.body.id}">`);

    expect((await api(stack, 'DELETE', `/v1/contents/${content.body.id}/shares/${share.body.id}`)).status).toBe(204);
    const gone = await get(path);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('This share link does not exist');
    expect(gone.headers.get('content-security-policy')).toBe(live.headers.get('content-security-policy'));
    expect(gone.headers.get('content-security-policy')).toMatch(/^default-src 'none'.*frame-ancestors 'none'/);
    expect((await get('/app/r/rshr_neverMadeneverMadeneverMade123456')).status).toBe(404);
  });
});
