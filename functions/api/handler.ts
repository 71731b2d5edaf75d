import { loadConfig } from '../../shared/config.js';
import { notFound } from '../../shared/errors.js';
import { authenticateRequest } from '../../shared/http/auth.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import type { RouteKey } from '../../shared/topology.js';
import { makeContentStateReader } from '../../shared/aggregation/content-state-reader.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { makeSealedChunkCache, sealedLinksFor } from '../../shared/store/sealed-chunk-cache.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { makeClickStore } from '../../shared/store/clicks.js';
import { makeConversionStore } from '../../shared/store/conversions.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { createDb } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { makeShareStore } from '../../shared/store/shares.js';
import { makeVisitorMarkStore } from '../../shared/store/visitor-marks.js';
import { makeWebhookStore } from '../../shared/store/webhooks.js';
import { deliveryDeps } from '../../shared/webhooks/delivery-deps.js';
import { checkTarget, systemResolver } from '../../shared/webhooks/resolve.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { createContent, getContent, listContents, updateContent } from './operations/contents.js';
import { recordConversion } from './operations/conversions.js';
import { getLink, listLinks, mintLink } from './operations/links.js';
import { campaignReport, contentCascade, contentReport } from './operations/reports.js';
import { campaignSeries, contentSeries } from './operations/series.js';
import { createShare, listShares, revokeShare } from './operations/shares.js';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, testWebhook } from './operations/webhooks.js';
import type { ApiDeps, Operation } from './operations/types.js';

// Typed against the route table: a route given to `api` without an operation fails to compile.
const operations: Record<RouteKey<'api'>, Operation> = {
  'POST /v1/contents': createContent,
  'GET /v1/contents': listContents,
  'GET /v1/contents/{id}': getContent,
  'PATCH /v1/contents/{id}': updateContent,
  'POST /v1/contents/{id}/links': mintLink,
  'GET /v1/contents/{id}/links': listLinks,
  'GET /v1/links/{code}': getLink,
  'GET /v1/contents/{id}/report': contentReport,
  'GET /v1/contents/{id}/cascade': contentCascade,
  'GET /v1/campaigns/{campaign}/report': campaignReport,
  'GET /v1/contents/{id}/series': contentSeries,
  'GET /v1/campaigns/{campaign}/series': campaignSeries,
  'POST /v1/conversions': recordConversion,
  'POST /v1/webhooks': createWebhook,
  'GET /v1/webhooks': listWebhooks,
  'GET /v1/webhooks/{id}': getWebhook,
  'DELETE /v1/webhooks/{id}': deleteWebhook,
  'POST /v1/webhooks/{id}/test': testWebhook,
  'GET /v1/webhooks/{id}/deliveries': listDeliveries,
  'POST /v1/contents/{id}/shares': createShare,
  'GET /v1/contents/{id}/shares': listShares,
  'DELETE /v1/contents/{id}/shares/{shareId}': revokeShare,
};

const isApiRoute = (routeKey: string): routeKey is RouteKey<'api'> => Object.hasOwn(operations, routeKey);

// The management API: authenticate the key (or a share token, for the reads it opens), then run
// the operation of API Gateway's route key. Unmatched requests ($default) get a JSON 404.
export function makeApiHandler(deps: ApiDeps) {
  return httpHandler(async (event) => {
    const routeKey = event.routeKey;
    if (!isApiRoute(routeKey)) {
      throw notFound(`No route ${event.requestContext.http.method} ${event.rawPath}`);
    }
    const now = deps.clock();
    const workspaceId = await authenticateRequest(event, deps, now);
    return operations[routeKey]({ event, workspaceId, now }, deps);
  });
}

const config = loadConfig();
const db = createDb(config);

export const handler = makeApiHandler({
  workspaces: makeWorkspaceStore(db),
  // A client reads its own writes: a content or link just made is there on the next request.
  contents: makeContentStore(db, { consistentReads: true }),
  links: makeLinkStore(db, { consistentReads: true }),
  clicks: makeClickStore(db, { retentionDays: config.RIPPLE_CLICK_RETENTION_DAYS }),
  reader: makeContentStateReader({
    state: makeContentStateStore(db, makeSealedChunkCache(sealedLinksFor(config.AWS_LAMBDA_FUNCTION_MEMORY_SIZE))),
    control: makeFeedControlStore(db),
  }),
  conversions: makeConversionStore(db),
  marks: makeVisitorMarkStore(db),
  webhooks: makeWebhookStore(db),
  shares: makeShareStore(db),
  delivery: deliveryDeps(db, config),
  checkTarget: (url) => checkTarget(url, systemResolver, { allowPrivate: config.RIPPLE_ALLOW_PRIVATE_WEBHOOKS }),
  publicUrl: config.RIPPLE_PUBLIC_URL,
  clock: () => new Date(),
});
