import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ArrivalChannel, SHARE_CHANNELS } from '../domain/arrival-channel.js';
import type { Click } from '../domain/click.js';
import { type Db, guard } from './db.js';
import { CLICK_SHARDS, keys, randomShard } from './keys.js';
import { partitionQuery, queryAllPages } from './query.js';
import { TTL_ATTRIBUTE } from './table.js';

/** A link's clicks after a feed position: what the aggregation has not counted yet. */
export interface LinkClickTail {
  clicks: number;
  botClicks: number;
  /** Human clicks, by visitor: the click ids of each. */
  visitors: Map<string, string[]>;
}

export interface ClickStore {
  /** The redirect's one write: a single unconditional PutItem of the raw event. */
  record(click: Click): Promise<void>;
  /** A link's raw clicks after `after` (a feed position; '' for all), across its shards. */
  tailOfLink(workspaceId: string, code: string, after: string): Promise<LinkClickTail>;
}

export function makeClickStore(db: Db, options: { retentionDays: number }): ClickStore {
  const retentionSeconds = options.retentionDays * 86_400;

  return {
    async record(click) {
      await guard(() => db.doc.send(new PutCommand({ TableName: db.table, Item: clickItem(click, retentionSeconds) })));
    },

    async tailOfLink(workspaceId, code, after) {
      const tail: LinkClickTail = { clicks: 0, botClicks: 0, visitors: new Map() };
      await Promise.all(
        Array.from({ length: CLICK_SHARDS }, async (_, shard) => {
          const partition = keys.clickPartition(workspaceId, code, shard);
          // From the feed's start (no aggregation yet, `after` is '') the tail is the whole partition.
          const pages = queryAllPages(db, { ...partitionQuery(partition, { sortAfter: after }), ProjectionExpression: 'id, bot, visitorId' });
          for await (const page of pages) {
            for (const item of page.Items ?? []) {
              if (item.bot === true) {
                tail.botClicks++;
                continue;
              }
              tail.clicks++;
              const visitor = String(item.visitorId);
              const ids = tail.visitors.get(visitor);
              if (ids) ids.push(String(item.id));
              else tail.visitors.set(visitor, [String(item.id)]);
            }
          }
        }),
      );
      return tail;
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
    arrival: storedArrival(item.arrival),
    at: String(item.at),
  };
}

const ARRIVAL_CHANNELS: readonly string[] = [...SHARE_CHANNELS, 'other', 'direct'];

// A click stored before arrivals were recorded has none: it came with no marker, so `direct`.
function storedArrival(value: unknown): ArrivalChannel {
  if (typeof value !== 'string') return 'direct';
  return ARRIVAL_CHANNELS.includes(value) ? (value as ArrivalChannel) : 'other';
}
