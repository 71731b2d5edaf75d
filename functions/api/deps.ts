import { makeContentStateReader } from '../../shared/aggregation/content-state-reader.js';
import type { Config } from '../../shared/config.js';
import { makeClickStore } from '../../shared/store/clicks.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { makeConversionStore } from '../../shared/store/conversions.js';
import type { Db } from '../../shared/store/db.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { makeSealedChunkCache, sealedLinksFor } from '../../shared/store/sealed-chunk-cache.js';
import { makeShareStore } from '../../shared/store/shares.js';
import { makeVisitorMarkStore } from '../../shared/store/visitor-marks.js';
import { makeWebhookStore } from '../../shared/store/webhooks.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { deliveryDeps } from '../../shared/webhooks/delivery-deps.js';
import { checkTarget, systemResolver } from '../../shared/webhooks/resolve.js';
import type { ApiDeps } from './operations/types.js';

/** The management API's dependencies over one table (the handler's wiring; also used by tests and benchmarks). */
export function apiDeps(db: Db, config: Config): ApiDeps {
  return {
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
  };
}
