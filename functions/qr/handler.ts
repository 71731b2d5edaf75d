import { loadConfig } from '../../shared/config.js';
import { qrPng, qrSvg, qrTarget } from '../../shared/domain/qr.js';
import { type HttpResult, publicBaseUrl } from '../../shared/http/event.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { createDb } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { type LinkLookups, makeCachedLookups, resolveActiveLink } from '../../shared/store/lookup-cache.js';

export interface QrDeps {
  lookups: LinkLookups;
  publicUrl: string | undefined;
}

// GET /v1/links/{code}/qr.svg and …/qr.png (public: the code already is): the link's QR code,
// encoding its short URL with the `qr` arrival marker. The same rule as the redirect for the code
// (404 unknown, 410 inactive); a day in caches, since what a code's image encodes never changes.
export function makeQrHandler({ lookups, publicUrl }: QrDeps) {
  return httpHandler(async (event) => {
    const { link } = await resolveActiveLink(lookups, event.pathParameters?.code ?? '');
    const target = qrTarget(publicBaseUrl(event, publicUrl), link.code);
    if (event.routeKey.endsWith('.png')) return image('image/png', (await qrPng(target)).toString('base64'), true);
    return image('image/svg+xml', await qrSvg(target), false);
  });
}

const image = (contentType: string, body: string, isBase64Encoded: boolean): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': contentType,
    'cache-control': 'public, max-age=86400',
    'x-content-type-options': 'nosniff',
    // An SVG opened on its own is a document of this origin: it may load and run nothing.
    'content-security-policy': "default-src 'none'",
  },
  body,
  isBase64Encoded,
});

const config = loadConfig();
const db = createDb(config);

export const handler = makeQrHandler({
  lookups: makeCachedLookups(
    { links: makeLinkStore(db), contents: makeContentStore(db) },
    { maxAgeSeconds: config.RIPPLE_CACHE_SECONDS, maxEntries: config.RIPPLE_CACHE_MAX_ENTRIES },
  ),
  publicUrl: config.RIPPLE_PUBLIC_URL,
});
