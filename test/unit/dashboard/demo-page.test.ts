import { describe, expect, it } from 'vitest';
import { makeDashboardHandler } from '../../../functions/dashboard/handler.js';
import { DEMO_PAGE_CSP, demoPageFile, demoPageHtml } from '../../../shared/dashboard/demo-page.js';
import type { WebAssets } from '../../../shared/dashboard/web-assets.js';
import type { HttpResult } from '../../../shared/http/event.js';
import { httpEvent, lambdaContext } from '../functions/fixtures.js';

const assets: WebAssets = {
  manifest: () => ({ script: 'dashboard-ABCD1234.js', style: 'dashboard-EFGH5678.css' }),
  file: () => undefined,
};
const sharedContent = async () => null;

const get = async (handler: ReturnType<typeof makeDashboardHandler>, path: string) =>
  (await handler(httpEvent({ method: 'GET', path: `/app/${path}`, routeKey: 'GET /app/{path+}', pathParameters: { path } }), lambdaContext)) as HttpResult & {
    headers: Record<string, string>;
  };

describe('the sample campaign page', () => {
  it('embeds the widget with the one-line snippet and a <ripple-share>, with nothing inline', () => {
    const html = demoPageHtml('');
    expect(html).toContain('<script src="/app/share.js" async></script>');
    expect(html).toMatch(/<ripple-share text="[^"]+" channels="[a-z,]+"><\/ripple-share>/);
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/);
  });

  it('names the widget under an API Gateway stage path', () => {
    expect(demoPageHtml('/prod')).toContain('<script src="/prod/app/share.js" async></script>');
  });

  it('allows scripts, calls and images from its own origin only', () => {
    const directives = DEMO_PAGE_CSP.split('; ');
    expect(directives).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:"]));
    expect(directives.find((directive) => directive.startsWith('script-src'))).not.toContain('unsafe');
  });

  it('is the page and its two files, nothing else', () => {
    expect(['demo', 'demo.css', 'demo.js', 'demo/', 'demo.html', 'contents'].map((path) => demoPageFile(path, '')?.headers?.['content-type'] ?? null)).toEqual([
      'text/html; charset=utf-8',
      'text/css; charset=utf-8',
      'text/javascript; charset=utf-8',
      null,
      null,
      null,
    ]);
  });
});

describe('the dashboard function and the sample page', () => {
  it('serves the page under its own policy when given it (the local stack)', async () => {
    const handler = makeDashboardHandler({ assets, sharedContent, publicUrl: undefined, demoPage: demoPageFile });
    const page = await get(handler, 'demo');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(DEMO_PAGE_CSP);
    expect(page.body).toContain('<ripple-share');
  });

  it('answers /app/demo with the dashboard itself when not given it (AWS), whose client says "not found"', async () => {
    const handler = makeDashboardHandler({ assets, sharedContent, publicUrl: undefined });
    const page = await get(handler, 'demo');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/app/assets/dashboard-ABCD1234.js');
    expect(page.body).not.toContain('<ripple-share');
    expect((await get(handler, 'demo.js')).body).not.toContain('ripple-share');
  });
});
