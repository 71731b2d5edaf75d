import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Click } from '../domain/click.js';
import type { Conversion } from '../domain/conversion.js';
import type { Link } from '../domain/link.js';
import { clickFromItem } from './clicks.js';
import { conversionFromItem } from './conversions.js';
import { type Db, guard } from './db.js';
import { linkFromItem } from './links.js';
import { ACTIVITY_SHARDS, keys } from './keys.js';
import { INDEXES } from './table.js';

// The activity index (gsi3) is the aggregation's change feed: links, clicks and conversions
// carry its keys (keys.activity), written in the same single put that stores them, and the
// aggregation reads it by position `<at>#<id>` — so finding new events costs only new events.

/** A position in the feed: events are ordered by `<at>#<id>` strings. */
export type FeedPosition = string;
export const FEED_START: FeedPosition = '';

/** The last position of an instant: every event at or before `at` sorts at or before it. */
export const feedPositionAt = (at: Date): FeedPosition => keys.throughTime(at.toISOString());

/** One event of the feed, typed, with its position. */
export type FeedRecord = { position: FeedPosition } & (
  | { type: 'link'; link: Link }
  | { type: 'click'; click: Click }
  | { type: 'conversion'; conversion: Conversion }
  | { type: 'malformed'; reason: string }
);

export interface FeedStep {
  events: FeedRecord[];
  /** Everything up to here has been read: the next step starts after it. */
  through: FeedPosition;
  /** True when `through` reached the requested end. */
  complete: boolean;
}

// Reads the events after `after` and up to `until`, about `maxEvents` of them, merged from all
// shards in feed order. Each shard is read in order, so once a shard stops early at position p
// nothing after the smallest such p may be taken: the step ends there and the rest is read again
// by the next step.
export async function readFeedStep(db: Db, request: { after: FeedPosition; until: FeedPosition; maxEvents: number }): Promise<FeedStep> {
  const perShard = Math.max(1, Math.ceil(request.maxEvents / ACTIVITY_SHARDS));
  const shards = await Promise.all(Array.from({ length: ACTIVITY_SHARDS }, (_, shard) => readShard(db, shard, request.after, request.until, perShard)));
  const stops = shards.filter((shard) => !shard.exhausted).map((shard) => shard.last);
  const through = stops.length === 0 ? request.until : stops.reduce((a, b) => (a < b ? a : b));
  const sort = INDEXES.byActivity.sort;
  const events = shards
    .flatMap((shard) => shard.items)
    .filter((item) => String(item[sort]) <= through)
    .sort((a, b) => (String(a[sort]) < String(b[sort]) ? -1 : 1))
    .flatMap((item) => {
      const record = feedRecord(item);
      return record ? [record] : [];
    });
  return { events, through, complete: stops.length === 0 };
}

async function readShard(db: Db, shard: number, after: FeedPosition, until: FeedPosition, limit: number) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guard(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: INDEXES.byActivity.name,
          KeyConditionExpression: '#partition = :partition AND #sort BETWEEN :after AND :until',
          ExpressionAttributeNames: { '#partition': INDEXES.byActivity.partition, '#sort': INDEXES.byActivity.sort },
          ExpressionAttributeValues: { ':partition': keys.activityPartition(shard), ':after': `${after}\u0000`, ':until': until },
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  const last = items.at(-1);
  return { items, exhausted: !startKey, last: last ? String(last[INDEXES.byActivity.sort]) : after };
}

// An event that cannot be read whole is reported as malformed, for the run to log and skip: one
// bad item must never stall the aggregation of every tenant.
function feedRecord(item: Record<string, unknown>): FeedRecord | null {
  const position = String(item[INDEXES.byActivity.sort]);
  const missing = (fields: string[]) => fields.filter((field) => typeof item[field] !== 'string' || item[field] === '');
  const badTime = (field: string) => Number.isNaN(Date.parse(String(item[field])));
  const malformed = (reason: string): FeedRecord => ({ position, type: 'malformed', reason: `${String(item.type)}: ${reason}` });
  if (item.type === 'link') {
    const absent = missing(['code', 'workspaceId', 'contentId', 'createdAt']);
    if (absent.length || badTime('createdAt') || !Number.isInteger(item.generation)) return malformed(`bad ${absent.join(', ') || 'createdAt or generation'}`);
    return { position, type: 'link', link: linkFromItem(item) };
  }
  if (item.type === 'click') {
    const absent = missing(['id', 'code', 'workspaceId', 'contentId', 'visitorId', 'at']);
    if (absent.length || badTime('at') || !Number.isInteger(item.generation)) return malformed(`bad ${absent.join(', ') || 'at or generation'}`);
    return { position, type: 'click', click: clickFromItem(item) };
  }
  if (item.type === 'conversion') {
    const absent = missing(['externalId', 'workspaceId', 'createdAt']);
    if (absent.length || badTime('createdAt') || !Number.isFinite(Number(item.value ?? 0)))
      return malformed(`bad ${absent.join(', ') || 'createdAt or value'}`);
    return { position, type: 'conversion', conversion: conversionFromItem(item) };
  }
  return null;
}
