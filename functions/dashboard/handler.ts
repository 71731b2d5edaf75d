import { join } from 'node:path';
import { loadConfig } from '../../shared/config.js';
import { hashShareToken, isShareToken } from '../../shared/domain/share.js';
import { notFound } from '../../shared/errors.js';
import { createDb } from '../../shared/store/db.js';
import { makeShareStore } from '../../shared/store/shares.js';
import { type HttpEvent, type HttpResult, header, publicBasePath } from '../../shared/http/event.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { SECURITY_HEADERS, dashboardHtml, shareGoneHtml } from '../../shared/dashboard/dashboard-page.js';
import { type WebAsset, type WebAssets, folderAssets } from '../../shared/dashboard/web-assets.js';

export interface DashboardDeps {
  assets: WebAssets;
  /** The content a read-only share token shows, or null when it is unknown, revoked or expired. */
  sharedContent(token: string): Promise<string | null>;
  publicUrl: string | undefined;
}

// GET / and /app/…: the dashboard's page for every client-side path, its hashed assets, and a
// share's page only while the share exists (a revoked one answers 404 at once: docs/dashboard.md).
export function makeDashboardHandler(deps: DashboardDeps) {
  return httpHandler(async (event) => {
    const base = publicBasePath(event, deps.publicUrl);
    if (event.routeKey === 'GET /') return { statusCode: 302, headers: { location: `${base}/app`, 'cache-control': 'no-store' }, body: '' };
    const path = event.pathParameters?.path ?? '';
    if (path.startsWith('assets/')) return assetAnswer(event, deps.assets.file(path.slice('assets/'.length)));
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

function assetAnswer(event: HttpEvent, asset: WebAsset | undefined): HttpResult {
  if (!asset) throw notFound('No such dashboard asset');
  const gzip = /\bgzip\b/.test(header(event, 'accept-encoding') ?? '');
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.contentType,
      'cache-control': asset.hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...SECURITY_HEADERS,
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
});
