import { join } from 'node:path';
import { loadConfig } from '../../shared/config.js';
import { hashShareToken, isShareToken } from '../../shared/domain/share.js';
import { notFound } from '../../shared/errors.js';
import { createDb } from '../../shared/store/db.js';
import { makeShareStore } from '../../shared/store/shares.js';
import { type HttpEvent, type HttpResult, header, publicBasePath } from '../../shared/http/event.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { acceptsGzip } from '../../shared/http/accept.js';
import { SECURITY_HEADERS, dashboardHtml, shareGoneHtml } from '../../shared/dashboard/dashboard-page.js';
import { demoPageFile } from '../../shared/dashboard/demo-page.js';
import { OPENAPI_FILE, SHARE_WIDGET_FILE, type WebAsset, type WebAssets, folderAssets } from '../../shared/dashboard/web-assets.js';

export interface DashboardDeps {
  assets: WebAssets;
  /** The content a read-only share token shows, or null when it is unknown, revoked or expired. */
  sharedContent(token: string): Promise<string | null>;
  publicUrl: string | undefined;
  /** The local stack's sample campaign page and its files by path (shared/dashboard/demo-page.ts); unset on AWS. */
  demoPage?: (path: string, apiBase: string) => HttpResult | undefined;
}

// GET / and /app/…: the dashboard's page for every client-side path, its hashed assets, the share
// widget campaigns embed (/app/share.js), and a share's page only while the share exists (a
// revoked one answers 404 at once: docs/dashboard.md); and GET /v1/openapi.json, the API's description.
export function makeDashboardHandler(deps: DashboardDeps) {
  return httpHandler(async (event) => {
    const base = publicBasePath(event, deps.publicUrl);
    if (event.routeKey === 'GET /') return { statusCode: 302, headers: { location: `${base}/app`, 'cache-control': 'no-store' }, body: '' };
    if (event.routeKey === 'GET /v1/openapi.json') return assetAnswer(event, deps.assets.file(OPENAPI_FILE), DOCUMENT_HEADERS);
    const path = event.pathParameters?.path ?? '';
    if (path === SHARE_WIDGET_FILE) return assetAnswer(event, deps.assets.file(SHARE_WIDGET_FILE), WIDGET_HEADERS);
    if (path.startsWith('assets/')) return assetAnswer(event, deps.assets.file(path.slice('assets/'.length)), SECURITY_HEADERS);
    const demo = deps.demoPage?.(path, base);
    if (demo) return demo;
    const share = /^r\/([^/]+)$/.exec(path)?.[1];
    const sharedContentId = share === undefined ? undefined : await deps.sharedContent(share);
    if (sharedContentId === null) return page(404, shareGoneHtml());
    const { script, style } = deps.assets.manifest();
    return page(200, dashboardHtml({ appBase: `${base}/app`, apiBase: base, script, style, ...(sharedContentId ? { sharedContentId } : {}) }));
  });
}

// The page itself is never cached (it names the current assets); the assets forever.
const page = (statusCode: number, body: string): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...SECURITY_HEADERS },
  body,
});

// The share widget is a script other sites load with <script src>, which needs no CORS; CORP
// `cross-origin` lets pages that require it (COEP) load it too. The dashboard's CSP and framing
// headers are for documents and stay off it.
const WIDGET_HEADERS = { 'cross-origin-resource-policy': 'cross-origin', 'x-content-type-options': 'nosniff' };

// The API's description is public: any origin may read it (an API tool in another site's page).
const DOCUMENT_HEADERS = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };

function assetAnswer(event: HttpEvent, asset: WebAsset | undefined, headers: Record<string, string>): HttpResult {
  if (!asset) throw notFound('No such dashboard asset');
  const gzip = acceptsGzip(header(event, 'accept-encoding'));
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.contentType,
      'cache-control': asset.cacheControl,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...headers,
    },
    body: (gzip ? asset.gzipped : asset.body).toString('base64'),
    isBase64Encoded: true,
  };
}

const config = loadConfig();
const shares = makeShareStore(createDb(config));

export const handler = makeDashboardHandler({
  assets: folderAssets(config.RIPPLE_WEB_DIR ?? join(import.meta.dirname, 'web')),
  // Never cached: a revoked share's page must answer 404 on the very next request.
  sharedContent: async (token) => (isShareToken(token) ? ((await shares.shareForToken(hashShareToken(token), new Date()))?.contentId ?? null) : null),
  publicUrl: config.RIPPLE_PUBLIC_URL,
  // npm start only (infra/local/main.ts): elsewhere /app/demo is the dashboard's own "not found".
  ...(config.RIPPLE_DEMO_PAGE ? { demoPage: demoPageFile } : {}),
});
