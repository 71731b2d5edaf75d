// Every key string in Ripple is built here and nowhere else (docs/data-model.md documents them).
// Workspace ids lead every key a management request can reach, so a query can only ever read
// its own tenant's items; the one exception is the public link lookup by code.
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

export const keys = {
  apiKey: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  workspace: (workspaceId: string) => ({ pk: `WS#${workspaceId}`, sk: 'WORKSPACE' }),

  content: (workspaceId: string, contentId: string) => ({ pk: `WS#${workspaceId}#CNT#${contentId}`, sk: 'CONTENT' }),
  contentsOfWorkspace: (workspaceId: string) => `WS#${workspaceId}#CONTENTS`,
  contentsOfCampaign: (workspaceId: string, campaign: string) => `WS#${workspaceId}#CAMPAIGN#${campaign}`,

  // Public lookup by code (the redirect's one GetItem): codes are a global namespace.
  link: (code: string) => ({ pk: `LINK#${code}`, sk: 'LINK' }),
  linksOfContent: (workspaceId: string, contentId: string) => `WS#${workspaceId}#CNT#${contentId}#LINKS`,
  childrenOfLink: (workspaceId: string, code: string) => `WS#${workspaceId}#LINK#${code}#CHILDREN`,

  clickPartition: (workspaceId: string, code: string, shard: number) => `WS#${workspaceId}#LINK#${code}#CLICKS#${shard}`,
  activityPartition: (shard: number) => `ACTIVITY#${shard}`,
  /** The activity index keys of an event (a random shard; ordered by time, then id). */
  activity: (at: string, id: string) => ({
    [INDEXES.byActivity.partition]: `ACTIVITY#${randomShard(ACTIVITY_SHARDS)}`,
    [INDEXES.byActivity.sort]: `${at}#${id}`,
  }),

  // Sort keys that order items by time, ties broken by id.
  byTime: (at: string, id: string) => `${at}#${id}`,

  visitorSalt: (day: string) => ({ pk: `SALT#${day}`, sk: 'SALT' }),
  // A visitor's marks, one item per content they touched, all in the visitor's partition.
  visitorPartition: (workspaceId: string, visitorId: string) => `WS#${workspaceId}#VISITOR#${visitorId}`,
  visitorMarks: (workspaceId: string, visitorId: string, contentId: string) => ({
    pk: `WS#${workspaceId}#VISITOR#${visitorId}`,
    sk: `MARKS#${contentId}`,
  }),
  // Names of the marks in such an item: the first human click on the content, a link, a generation, a channel.
  marks: {
    content: () => 'f',
    link: (code: string) => `l#${code}`,
    generation: (generation: number) => `g#${generation}`,
    channel: (channel: string) => `c#${channel}`,
  },

  conversion: (workspaceId: string, externalId: string) => ({ pk: `WS#${workspaceId}#CONV#${externalId}`, sk: 'CONV' }),

  aggregateHead: (workspaceId: string, contentId: string) => ({ pk: `WS#${workspaceId}#CNT#${contentId}`, sk: 'AGG#HEAD' }),
  aggregateChunkPrefix: 'AGG#STATE#',
  // One small item per state, listing it: found by a cheap query when sweeping abandoned states.
  aggregateStateMetaPrefix: 'AGG#STATEMETA#',
  aggregateStateMeta: (workspaceId: string, contentId: string, stateId: string) => ({
    pk: `WS#${workspaceId}#CNT#${contentId}`,
    sk: `AGG#STATEMETA#${stateId}`,
  }),
  aggregateChunk: (workspaceId: string, contentId: string, stateId: string, index: number) => ({
    pk: `WS#${workspaceId}#CNT#${contentId}`,
    sk: `AGG#STATE#${stateId}#${String(index).padStart(4, '0')}`,
  }),
  feedCheckpoint: { pk: 'AGG#FEED', sk: 'CHECKPOINT' },
  aggregationLease: { pk: 'AGG#FEED', sk: 'LEASE' },
  laggingPartition: 'AGG#LAGGING',
  // Contents whose next re-share link matures at a time: re-evaluated then for K thresholds.
  maturityWatchPartition: 'AGG#WATCH',
  maturityWatch: (dueAt: string, workspaceId: string, contentId: string) => ({ pk: 'AGG#WATCH', sk: `${dueAt}#${workspaceId}#${contentId}` }),

  webhook: (workspaceId: string, subscriptionId: string) => ({ pk: `WS#${workspaceId}#WH#${subscriptionId}`, sk: 'WEBHOOK' }),
  webhooksOfWorkspace: (workspaceId: string) => `WS#${workspaceId}#WEBHOOKS`,
  // A subscription's outbox events and delivery attempts live in its partition.
  outboxEvent: (workspaceId: string, subscriptionId: string, eventId: string) => ({ pk: `WS#${workspaceId}#WH#${subscriptionId}`, sk: `EVT#${eventId}` }),
  deliveryAttempt: (workspaceId: string, subscriptionId: string, attemptedAt: string, eventId: string, attempt: number) => ({
    pk: `WS#${workspaceId}#WH#${subscriptionId}`,
    sk: `ATTEMPT#${attemptedAt}#${eventId}#${attempt}`,
  }),
  deliveryAttemptPrefix: 'ATTEMPT#',
  // Pending events by next attempt time, spread over shards (gsi2, sparse: only while pending).
  outboxDuePartition: (shard: number) => `OUTBOX#${shard}`,
  laggingContent: (workspaceId: string, contentId: string) => ({ pk: 'AGG#LAGGING', sk: `${workspaceId}#${contentId}` }),
  rateWindow: (scope: string, subject: string, windowStart: number) => ({
    pk: `RATE#${scope}#${subject}#${windowStart}`,
    sk: 'RATE',
  }),
};
