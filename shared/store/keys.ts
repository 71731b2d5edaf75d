// Every key string in Ripple is built here and nowhere else (docs/data-model.md documents them).
// Workspace ids lead every key a management request can reach, so a query can only ever read
// its own tenant's items; the one exception is the public link lookup by code.
import { randomInt } from 'node:crypto';

// One content taking 10,000 clicks/s spreads over this many click partitions (and activity
// partitions), keeping each under DynamoDB's ~1,000 writes/s per partition key.
export const CLICK_SHARDS = 16;
export const ACTIVITY_SHARDS = 16;

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
  activityPartition: (at: string, shard: number) => `ACTIVITY#${at.slice(0, 16)}#${shard}`,

  // Sort keys that order items by time, ties broken by id.
  byTime: (at: string, id: string) => `${at}#${id}`,

  visitorSalt: (day: string) => ({ pk: `SALT#${day}`, sk: 'SALT' }),
  rateWindow: (scope: string, subject: string, windowStart: number) => ({
    pk: `RATE#${scope}#${subject}#${windowStart}`,
    sk: 'RATE',
  }),
};
