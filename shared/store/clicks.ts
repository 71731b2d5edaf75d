import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Click } from '../domain/click.js';
import { type Db, guard } from './db.js';
import { CLICK_SHARDS, keys, randomShard } from './keys.js';
import { queryAllPages } from './query.js';
import { TTL_ATTRIBUTE } from './table.js';

export interface LinkClickCounts {
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
}

export interface ClickStore {
  /** The redirect's one write: a single unconditional PutItem of the raw event. */
  record(click: Click): Promise<void>;
  /** Live, exact counts read from a link's raw events. */
  countForLink(workspaceId: string, code: string): Promise<LinkClickCounts>;
}

export function makeClickStore(db: Db, options: { retentionDays: number }): ClickStore {
  const retentionSeconds = options.retentionDays * 86_400;

  return {
    async record(click) {
      await guard(() => db.doc.send(new PutCommand({ TableName: db.table, Item: clickItem(click, retentionSeconds) })));
    },

    async countForLink(workspaceId, code) {
      const visitors = new Set<string>();
      let clicks = 0;
      let botClicks = 0;
      await Promise.all(
        Array.from({ length: CLICK_SHARDS }, async (_, shard) => {
          const pages = queryAllPages(db, {
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.clickPartition(workspaceId, code, shard) },
            ProjectionExpression: 'bot, visitorId',
          });
          for await (const page of pages) {
            for (const item of page.Items ?? []) {
              if (item.bot === true) {
                botClicks++;
              } else {
                clicks++;
                visitors.add(String(item.visitorId));
              }
            }
          }
        }),
      );
      return { clicks, botClicks, uniqueVisitors: visitors.size };
    },
  };
}

/** The stored item of a click (exported for bulk loading in tests and benchmarks). */
export function clickItem(click: Click, retentionSeconds: number) {
  return {
    pk: keys.clickPartition(click.workspaceId, click.code, randomShard(CLICK_SHARDS)),
    sk: keys.byTime(click.at, click.id),
    ...keys.activity(click.at, click.id),
    type: 'click',
    ...click,
    [TTL_ATTRIBUTE]: Math.floor(Date.parse(click.at) / 1000) + retentionSeconds,
  };
}

export function clickFromItem(item: Record<string, unknown>): Click {
  return {
    id: String(item.id),
    workspaceId: String(item.workspaceId),
    contentId: String(item.contentId),
    code: String(item.code),
    rootCode: String(item.rootCode),
    generation: Number(item.generation),
    channel: (item.channel as string | null | undefined) ?? null,
    visitorId: String(item.visitorId),
    bot: item.bot === true,
    device: (item.device as Click['device'] | undefined) ?? 'unknown',
    referrerHost: (item.referrerHost as string | null | undefined) ?? null,
    at: String(item.at),
  };
}
