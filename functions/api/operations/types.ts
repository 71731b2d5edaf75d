import type { HttpEvent, HttpResult } from '../../../shared/http/event.js';
import type { ContentStateReader } from '../../../shared/aggregation/content-state-reader.js';
import type { ClickStore } from '../../../shared/store/clicks.js';
import type { ConversionStore } from '../../../shared/store/conversions.js';
import type { ContentStore } from '../../../shared/store/contents.js';
import type { LinkStore } from '../../../shared/store/links.js';
import type { ShareStore } from '../../../shared/store/shares.js';
import type { VisitorMarkStore } from '../../../shared/store/visitor-marks.js';
import type { WebhookStore } from '../../../shared/store/webhooks.js';
import type { DeliveryDeps } from '../../../shared/webhooks/deliver.js';
import type { TargetCheck } from '../../../shared/webhooks/resolve.js';
import type { WorkspaceStore } from '../../../shared/store/workspaces.js';

export interface ApiDeps {
  workspaces: Pick<WorkspaceStore, 'workspaceForKey'>;
  contents: ContentStore;
  links: LinkStore;
  clicks: Pick<ClickStore, 'tailOfLink'>;
  marks: Pick<VisitorMarkStore, 'linkMarks'>;
  /** A content's aggregate as the aggregation left it: reports, cascade, link tallies, series. */
  reader: ContentStateReader;
  conversions: Pick<ConversionStore, 'record'>;
  webhooks: WebhookStore;
  /** Read-only report links: managed here, and their tokens authenticate the reads they open. */
  shares: ShareStore;
  /** Delivery, for the test route's immediate attempt. */
  delivery: DeliveryDeps;
  /** SSRF check of a webhook URL, after DNS resolution (docs/contract.md §4). */
  checkTarget(url: string): Promise<TargetCheck>;
  publicUrl: string | undefined;
  clock: () => Date;
}

/** An authenticated management request: the caller's workspace scopes everything it touches. */
export interface ApiRequest {
  event: HttpEvent;
  workspaceId: string;
  now: Date;
}

export type Operation = (request: ApiRequest, deps: ApiDeps) => Promise<HttpResult>;
