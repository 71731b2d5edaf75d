import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { makeDashboardHandler } from '../../../functions/dashboard/handler.js';
import type { HttpResult } from '../../../shared/http/event.js';
import type { WebAsset, WebAssets } from '../../../shared/dashboard/web-assets.js';
import { httpEvent, lambdaContext } from './fixtures.js';

const script = Buffer.from('console.log("dashboard")');
const widget = Buffer.from('(()=>{customElements.define("ripple-share",class extends HTMLElement{})})();');
const description = Buffer.from('{"openapi":"3.1.0","info":{"title":"Ripple API","version":"0.1.0"},"paths":{}}');
const builtFiles: Record<string, WebAsset> = {
  'dashboard-ABCD1234.js': {
    body: script,
    gzipped: gzipSync(script),
    contentType: 'text/javascript; charset=utf-8',
    cacheControl: 'public, max-age=31536000, immutable',
  },
  'share.js': { body: widget, gzipped: gzipSync(widget), contentType: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=300' },
  'openapi.json': { body: description, gzipped: gzipSync(description), contentType: 'application/json; charset=utf-8', cacheControl: 'public, max-age=300' },
};
const assets: WebAssets = {
  manifest: () => ({ script: 'dashboard-ABCD1234.js', style: 'dashboard-EFGH5678.css' }),
  file: (name): WebAsset | undefined => builtFiles[name],
};

function handlerWith(shares: Record<string, string> = {}) {
  const sharedContent = vi.fn(async (token: string) => shares[token] ?? null);
  return { sharedContent, handler: makeDashboardHandler({ assets, sharedContent, publicUrl: undefined }) };
}

const get = (path: string, headers: Record<string, string> = {}) => {
  const routeKey = path === '/' ? 'GET /' : path === '/app' ? 'GET /app' : path === '/v1/openapi.json' ? 'GET /v1/openapi.json' : 'GET /app/{path+}';
  const pathParameters = routeKey === 'GET /app/{path+}' ? { path: path.slice('/app/'.length) } : undefined;
  return httpEvent({ method: 'GET', path, routeKey, ...(pathParameters ? { pathParameters } : {}), headers });
};

const run = async (handler: ReturnType<typeof handlerWith>['handler'], path: string, headers?: Record<string, string>) =>
  (await handler(get(path, headers), lambdaContext)) as HttpResult & { headers: Record<string, string> };

describe('the dashboard function', () => {
  it('answers every client-side path with the page, never cached, under a strict CSP', async () => {
    const { handler } = handlerWith();
    for (const path of ['/app', '/app/contents/cnt_1/tree', '/app/webhooks']) {
      const page = await run(handler, path);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.body).toContain('<script type="module" src="/app/assets/dashboard-ABCD1234.js"></script>');
      expect(page.body).not.toMatch(/<script>|<style>| style="/); // nothing inline for the CSP to allow
    }
  });

  it('serves hashed assets immutable, gzipped when the browser accepts it', async () => {
    const { handler } = handlerWith();
    const plain = await run(handler, '/app/assets/dashboard-ABCD1234.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(plain.body ?? '', 'base64')).toEqual(script);

    const gzipped = await run(handler, '/app/assets/dashboard-ABCD1234.js', { 'accept-encoding': 'gzip, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.from(gzipped.body ?? '', 'base64'))).toEqual(script);
  });

  it("serves the share widget at /app/share.js for any site to load, without the dashboard's document headers", async () => {
    const { handler } = handlerWith();
    const served = await run(handler, '/app/share.js', { 'accept-encoding': 'gzip' });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(served.headers['cache-control']).toBe('public, max-age=300');
    expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers).not.toHaveProperty('content-security-policy');
    expect(served.headers).not.toHaveProperty('x-frame-options');
    expect(served.headers).not.toHaveProperty('access-control-allow-origin');
    expect(gunzipSync(Buffer.from(served.body ?? '', 'base64'))).toEqual(widget);
  });

  it("keeps the dashboard's document headers on its own assets", async () => {
    const { handler } = handlerWith();
    const served = await run(handler, '/app/assets/dashboard-ABCD1234.js');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect(served.headers['x-frame-options']).toBe('DENY');
    expect(served.headers).not.toHaveProperty('cross-origin-resource-policy');
  });

  it('answers 404 for an asset it does not have', async () => {
    const { handler } = handlerWith();
    expect((await run(handler, '/app/assets/nope-ABCD1234.js')).statusCode).toBe(404);
    expect((await run(handler, '/app/assets/../manifest.json')).statusCode).toBe(404);
  });

  it("shows a share's page while the share exists, and 404 once it is revoked or unknown", async () => {
    const { handler, sharedContent } = handlerWith({ rshr_live: 'cnt_shared' });
    const live = await run(handler, '/app/r/rshr_live');
    expect(live.statusCode).toBe(200);
    expect(live.body).toContain('<meta name="ripple-shared-content" content="cnt_shared">');
    expect(live.body).toContain('noindex');

    const gone = await run(handler, '/app/r/rshr_revoked');
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(gone.body).toContain('This share link does not exist');
    expect(sharedContent).toHaveBeenCalledTimes(2);
  });

  it('serves the API description at /v1/openapi.json: JSON, cacheable, readable from any origin', async () => {
    const { handler } = handlerWith();
    const served = await run(handler, '/v1/openapi.json', { 'accept-encoding': 'gzip' });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(served.headers['cache-control']).toBe('public, max-age=300');
    expect(served.headers['access-control-allow-origin']).toBe('*');
    expect(served.headers).not.toHaveProperty('content-security-policy');
    expect(gunzipSync(Buffer.from(served.body ?? '', 'base64'))).toEqual(description);
  });

  it('sends the bare domain to the dashboard', async () => {
    const { handler } = handlerWith();
    const root = await run(handler, '/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/app');
  });
});
