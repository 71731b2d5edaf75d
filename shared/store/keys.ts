// Every key string in Ripple is built here and nowhere else (docs/data-model.md documents them).
// Workspace ids lead every key a management request can reach, so a query can only ever read
// its own tenant's items; the exceptions are the public lookups by link code and by the hash of a
// share token.
import { randomInt } from 'node:crypto';
import { INDEXES } from './table.js';

// One link taking 10,000 clicks/s spreads over this many click partitions, keeping each under
// DynamoDB's ~1,000 writes/s per partition key.
export const CLICK_SHARDS = 16;
// The activity index is shared by every tenant: its shards set the deployment's ceiling of
// roughly ACTIVITY_SHARDS × 1,000 events/s, and each aggregation run queries each shard once.
export const ACTIVITY_SHARDS = 32;
export const OUTBOX_SHARDS = 8;

export const randomShard = (shards: number) => randomInt(shards);

// The partitions several kinds of items share.
const contentPartition = (workspaceId: string, contentId: string) => `WS#${workspaceId}#CNT#${contentId}`;
const visitorPartition = (workspaceId: string, visitorId: string) => `WS#${workspaceId}#VISITOR#${visitorId}`;
const webhookPartition = (workspaceId: string, subscriptionId: string) => `WS#${workspaceId}#WH#${subscriptionId}`;
const activityPartition = (shard: number) => `ACTIVITY#${shard}`;
const AGG_FEED = 'AGG#FEED';
const LAGGING_PARTITION = 'AGG#LAGGING';
const MATURITY_WATCH_PARTITION = 'AGG#WATCH';
const VISITOR_MARKS_PREFIX = 'MARKS#';
const DELIVERY_ATTEMPT_PREFIX = 'ATTEMPT#';

// Sort keys that order items by time, ties broken by id.
const byTime = (at: string, id: string) => `${at}#${id}`;

export const keys = {
  apiKey: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  workspace: (workspaceId: string) => ({ pk: `WS#${workspaceId}`, sk: 'WORKSPACE' }),

  content: (workspaceId: string, contentId: string) => ({ pk: contentPartition(workspaceId, contentId), sk: 'CONTENT' }),
  /** The content item of a content's partition, known only by its partition key. */
  contentInPartition: (pk: string) => ({ pk, sk: 'CONTENT' }),
  contentsOfWorkspace: (workspaceId: string) => `WS#${workspaceId}#CONTENTS`,
  contentsOfCampaign: (workspaceId: string, campaign: string) => `WS#${workspaceId}#CAMPAIGN#${campaign}`,

  // Public lookup by code (the redirect's one GetItem): codes are a global namespace.
  link: (code: string) => ({ pk: `LINK#${code}`, sk: 'LINK' }),
  linksOfContent: (workspaceId: string, contentId: string) => `${contentPartition(workspaceId, contentId)}#LINKS`,
  childrenOfLink: (workspaceId: string, code: string) => `WS#${workspaceId}#LINK#${code}#CHILDREN`,
  // A visitor's claim on their one re-share of a link: the child's code, written before the child
  // (docs/data-model.md, "One child per visitor and parent"). Reached by the public code, like the link.
  visitorReshare: (parentCode: string, visitorId: string) => ({ pk: `RESHARE#${parentCode}#${visitorId}`, sk: 'RESHARE' }),

  // Read-only report links: the token item is the lookup by token hash (one GetItem per request
  // made with a share token); the share item lists the share under its content and names the token item.
  shareToken: (tokenHash: string) => ({ pk: `SHARETOKEN#${tokenHash}`, sk: 'SHARETOKEN' }),
  share: (workspaceId: string, contentId: string, shareId: string) => ({ pk: contentPartition(workspaceId, contentId), sk: `SHARE#${shareId}` }),
  sharesOfContent: (workspaceId: string, contentId: string) => `${contentPartition(workspaceId, contentId)}#SHARES`,

  clickPartition: (workspaceId: string, code: string, shard: number) => `WS#${workspaceId}#LINK#${code}#CLICKS#${shard}`,
  activityPartition,
  /** The activity index keys of an event (a random shard; ordered by time, then id). */
  activity: (at: string, id: string) => ({
    [INDEXES.byActivity.partition]: activityPartition(randomShard(ACTIVITY_SHARDS)),
    [INDEXES.byActivity.sort]: byTime(at, id),
  }),

  byTime,
  /** The last time-ordered sort key of an instant: every `<at>#…` at or before `at` sorts at or before it. */
  throughTime: (at: string) => `${at}#\uffff`,

  visitorSalt: (day: string) => ({ pk: `SALT#${day}`, sk: 'SALT' }),
  // A visitor's marks, one item per content they touched, all in the visitor's partition.
  visitorPartition,
  visitorMarksPrefix: VISITOR_MARKS_PREFIX,
  visitorMarks: (workspaceId: string, visitorId: string, contentId: string) => ({
    pk: visitorPartition(workspaceId, visitorId),
    sk: `${VISITOR_MARKS_PREFIX}${contentId}`,
  }),
  // Names of the marks in such an item: the first human click on the content, a link, a generation, a
  // channel, an arrival channel; and the visitor's first arrival on the content (a map, not a mark).
  marks: {
    content: () => 'f',
    link: (code: string) => `l#${code}`,
    generation: (generation: number) => `g#${generation}`,
    channel: (channel: string) => `c#${channel}`,
    arrival: (channel: string) => `a#${channel}`,
    firstArrival: () => 'fa',
  },

  conversion: (workspaceId: string, externalId: string) => ({ pk: `WS#${workspaceId}#CONV#${externalId}`, sk: 'CONV' }),

  // A content's aggregate (docs/data-model.md, "The aggregation"): a head item, the compare-and-set
  // point, and parts under an epoch that a rebuild moves on: link structure in append-only chunks,
  // the child edges of full chunks, one tally item per clicked link, and one series item per UTC day.
  aggregateHead: (workspaceId: string, contentId: string) => ({ pk: contentPartition(workspaceId, contentId), sk: 'AGG#HEAD' }),
  aggregateEpochPrefix: (epoch: number) => `AGG#${epoch}#`,
  /** The items of the earlier whole-state layout (`AGG#STATE#…`, `AGG#STATEMETA#…`), removed by a rebuild. */
  legacyAggregatePrefix: 'AGG#STATE',
  structureChunkPrefix: (epoch: number) => `AGG#${epoch}#L#`,
  structureChunk: (workspaceId: string, contentId: string, epoch: number, chunk: number) => ({
    pk: contentPartition(workspaceId, contentId),
    sk: `AGG#${epoch}#L#${String(chunk).padStart(6, '0')}`,
  }),
  // Immutable: the child edges of one full structure chunk whose parents lie in one edge block.
  childEdgesPrefix: (epoch: number, block: number) => `AGG#${epoch}#E#${String(block).padStart(4, '0')}#`,
  childEdges: (workspaceId: string, contentId: string, epoch: number, block: number, chunk: number) => ({
    pk: contentPartition(workspaceId, contentId),
    sk: `AGG#${epoch}#E#${String(block).padStart(4, '0')}#${String(chunk).padStart(6, '0')}`,
  }),
  linkTallyPrefix: (epoch: number) => `AGG#${epoch}#T#`,
  linkTally: (workspaceId: string, contentId: string, epoch: number, code: string) => ({
    pk: contentPartition(workspaceId, contentId),
    sk: `AGG#${epoch}#T#${code}`,
  }),
  seriesDayPrefix: (epoch: number) => `AGG#${epoch}#S#`,
  seriesDay: (workspaceId: string, contentId: string, epoch: number, day: string) => ({
    pk: contentPartition(workspaceId, contentId),
    sk: `AGG#${epoch}#S#${day}`,
  }),
  contentPartition,
  feedCheckpoint: { pk: AGG_FEED, sk: 'CHECKPOINT' },
  aggregationLease: { pk: AGG_FEED, sk: 'LEASE' },
  laggingPartition: LAGGING_PARTITION,
  laggingContent: (workspaceId: string, contentId: string) => ({ pk: LAGGING_PARTITION, sk: `${workspaceId}#${contentId}` }),
  // Contents whose next re-share link matures at a time: re-evaluated then for K thresholds.
  maturityWatchPartition: MATURITY_WATCH_PARTITION,
  maturityWatch: (dueAt: string, workspaceId: string, contentId: string) => ({
    pk: MATURITY_WATCH_PARTITION,
    sk: `${dueAt}#${workspaceId}#${contentId}`,
  }),

  webhook: (workspaceId: string, subscriptionId: string) => ({ pk: webhookPartition(workspaceId, subscriptionId), sk: 'WEBHOOK' }),
  webhooksOfWorkspace: (workspaceId: string) => `WS#${workspaceId}#WEBHOOKS`,
  // A subscription's outbox events and delivery attempts live in its partition.
  outboxEvent: (workspaceId: string, subscriptionId: string, eventId: string) => ({
    pk: webhookPartition(workspaceId, subscriptionId),
    sk: `EVT#${eventId}`,
  }),
  deliveryAttempt: (workspaceId: string, subscriptionId: string, attemptedAt: string, eventId: string, attempt: number) => ({
    pk: webhookPartition(workspaceId, subscriptionId),
    sk: `${DELIVERY_ATTEMPT_PREFIX}${attemptedAt}#${eventId}#${attempt}`,
  }),
  deliveryAttemptPrefix: DELIVERY_ATTEMPT_PREFIX,
  // Pending events by next attempt time, spread over shards (gsi2, sparse: only while pending).
  outboxDuePartition: (shard: number) => `OUTBOX#${shard}`,
  outboxDueSort: (nextAttemptAt: string, eventId: string) => byTime(nextAttemptAt, eventId),
  rateWindow: (scope: string, subject: string, windowStart: number) => ({
    pk: `RATE#${scope}#${subject}#${windowStart}`,
    sk: 'RATE',
  }),
};
