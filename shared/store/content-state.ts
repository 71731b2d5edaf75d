import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkTally, StructureLink } from '../domain/aggregate/content-aggregate.js';
import type { ContentSummary } from '../domain/aggregate/content-summary.js';
import type { Report } from '../domain/report.js';
import type { SeriesCounts } from '../domain/series/series-counts.js';
import { FEED_START, type FeedPosition } from './activity.js';
import {
  CHUNK_LINKS,
  chunkOf,
  type DayValue,
  dayValue,
  hoursOfDay,
  packChunk,
  partOf,
  type TallyValue,
  tallyOf,
  tallyValue,
  unpackChunk,
} from './content-parts.js';
import { forEachLimit } from '../concurrency.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { type PartSlots, slotAt, withSlot } from './part-slots.js';
import { queryAllPages } from './query.js';
import { makeSealedChunkCache, type SealedChunkCache } from './sealed-chunk-cache.js';

// A content's aggregate, laid out so that a commit writes what its events changed and a read
// reads what it needs (docs/data-model.md, "The aggregation"): a head item — the compare-and-set
// point, holding the summary and the stored report — and parts (structure chunks, link tallies,
// series days) kept as position-stamped slots (part-slots.ts). Parts are written first, the head
// last; a reader reads the head, then each part as it was at the head's position.

export interface ContentHead {
  /** 0 before the first commit. */
  version: number;
  /** Parts live under the epoch; a rebuild moves to a new one. */
  epoch: number;
  /** Feed position up to which this content's events are applied. */
  position: FeedPosition;
  computedAt: string | null;
  eventsThrough: string | null;
  /** Links in the structure at `position`. */
  links: number;
  summary: ContentSummary | null;
  /** The report for the content's own K window at `eventsThrough`. */
  report: Report | null;
  /** When the next re-share link matures (the report's K changes then with no new event). */
  nextMaturityAt: string | null;
  /** Written by the earlier whole-state layout: it must be rebuilt before it can be read. */
  legacy: boolean;
}

/** A read that met parts newer than its head everywhere (commits moved on): read the head again. */
export type PartsRead<T> = { ok: true; value: T } | { ok: false; reason: 'stale' };

/** A stored structure chunk the next append writes over: its slots, and its links as stored. */
export interface StoredChunk {
  part: PartSlots<number>;
  links: StructureLink[];
}

export interface LoadedStructure {
  links: StructureLink[];
  /** The chunks from the one the next link goes into on (beyond the head: another run's). */
  tail: Map<number, StoredChunk>;
}

export interface LoadedTallies {
  tallies: Map<string, LinkTally>;
  parts: Map<string, PartSlots<TallyValue> | undefined>;
}

export interface LoadedDays {
  hours: Map<number, SeriesCounts>;
  parts: Map<string, PartSlots<DayValue> | undefined>;
}

export interface ContentCommit {
  position: FeedPosition;
  computedAt: string;
  eventsThrough: string;
  summary: ContentSummary;
  report: Report;
  nextMaturityAt: string | null;
  /** Every link, those appended after the head's `links` included. */
  links: readonly StructureLink[];
  chunks: LoadedStructure['tail'];
  tallies: { changed: ReadonlySet<string>; values: ReadonlyMap<string, LinkTally>; parts: LoadedTallies['parts'] };
  days: { changed: ReadonlySet<string>; hours: ReadonlyMap<number, SeriesCounts>; parts: LoadedDays['parts'] };
}

export type CommitOutcome = 'committed' | 'raced';

export interface ContentStateStore {
  readHead(workspaceId: string, contentId: string): Promise<ContentHead>;
  readStructure(workspaceId: string, contentId: string, head: ContentHead): Promise<PartsRead<LoadedStructure>>;
  readTallies(workspaceId: string, contentId: string, head: ContentHead, codes: Iterable<string>): Promise<PartsRead<LoadedTallies>>;
  /** Every link's tally (a report for another K window needs every link's visitors). */
  readAllTallies(workspaceId: string, contentId: string, head: ContentHead): Promise<PartsRead<Map<string, LinkTally>>>;
  readDays(workspaceId: string, contentId: string, head: ContentHead, days: Iterable<string>): Promise<PartsRead<LoadedDays>>;
  /** The series hours of the UTC days from `fromDay` to `toDay`, inclusive. */
  readSeries(workspaceId: string, contentId: string, head: ContentHead, fromDay: string, toDay: string): Promise<PartsRead<Map<number, SeriesCounts>>>;
  /** Writes the changed parts, then moves the head from `base` by compare-and-set on its version. */
  commit(workspaceId: string, contentId: string, base: ContentHead, next: ContentCommit): Promise<CommitOutcome>;
  /** Empties the content back to the start of the feed under a new epoch (a rebuild), whatever its state. */
  reset(workspaceId: string, contentId: string, base: ContentHead, now: Date): Promise<CommitOutcome>;
}

// DynamoDB items hold 400 KB; the head's summary and report stay far below for any real content.
const HEAD_BYTES_LIMIT = 350 * 1024;
const WRITE_CONCURRENCY = 16;

export const emptyHead = (): ContentHead => ({
  version: 0,
  epoch: 1,
  position: FEED_START,
  computedAt: null,
  eventsThrough: null,
  links: 0,
  summary: null,
  report: null,
  nextMaturityAt: null,
  legacy: false,
});

/** The head's summary and report don't fit one item: the content cannot be aggregated further. */
export class ContentHeadTooLarge extends Error {
  constructor(contentId: string, bytes: number) {
    super(`The aggregate head of content ${contentId} would take ${bytes} bytes, over ${HEAD_BYTES_LIMIT}`);
    this.name = 'ContentHeadTooLarge';
  }
}

export function makeContentStateStore(db: Db, cache: SealedChunkCache = makeSealedChunkCache()): ContentStateStore {
  const consistentGet = async (key: Record<string, string>) =>
    (await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true })))).Item;

  return {
    async readHead(workspaceId, contentId) {
      return headOf(await consistentGet(keys.aggregateHead(workspaceId, contentId)));
    },

    async readStructure(workspaceId, contentId, head) {
      return readStructure(db, cache, workspaceId, contentId, head);
    },

    async readTallies(workspaceId, contentId, head, codes) {
      const unique = [...new Set(codes)];
      const items = await batchGet(db, unique.map((code) => keys.linkTally(workspaceId, contentId, head.epoch, code)));
      const loaded: LoadedTallies = { tallies: new Map(), parts: new Map() };
      for (const code of unique) {
        const part = partOf<TallyValue>(items.get(keys.linkTally(workspaceId, contentId, head.epoch, code).sk));
        const read = slotAt(part, head.position);
        if (read.kind === 'stale') return { ok: false, reason: 'stale' };
        loaded.parts.set(code, part);
        if (read.kind === 'value') loaded.tallies.set(code, tallyOf(read.slot.v));
      }
      return { ok: true, value: loaded };
    },

    async readAllTallies(workspaceId, contentId, head) {
      const tallies = new Map<string, LinkTally>();
      for (const item of await queryPrefix(db, workspaceId, contentId, keys.linkTallyPrefix(head.epoch))) {
        const read = slotAt(partOf<TallyValue>(item), head.position);
        if (read.kind === 'stale') return { ok: false, reason: 'stale' };
        if (read.kind === 'value') tallies.set(String(item.code), tallyOf(read.slot.v));
      }
      return { ok: true, value: tallies };
    },

    async readDays(workspaceId, contentId, head, days) {
      const unique = [...new Set(days)];
      const items = await batchGet(db, unique.map((day) => keys.seriesDay(workspaceId, contentId, head.epoch, day)));
      const loaded: LoadedDays = { hours: new Map(), parts: new Map() };
      for (const day of unique) {
        const part = partOf<DayValue>(items.get(keys.seriesDay(workspaceId, contentId, head.epoch, day).sk));
        const read = slotAt(part, head.position);
        if (read.kind === 'stale') return { ok: false, reason: 'stale' };
        loaded.parts.set(day, part);
        if (read.kind === 'value') for (const [hour, counts] of hoursOfDay(day, read.slot.v)) loaded.hours.set(hour, counts);
      }
      return { ok: true, value: loaded };
    },

    async readSeries(workspaceId, contentId, head, fromDay, toDay) {
      const prefix = keys.seriesDayPrefix(head.epoch);
      const hours = new Map<number, SeriesCounts>();
      for await (const page of queryAllPages(db, {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.contentPartition(workspaceId, contentId), ':from': `${prefix}${fromDay}`, ':to': `${prefix}${toDay}` },
        ConsistentRead: true,
      })) {
        for (const item of page.Items ?? []) {
          const read = slotAt(partOf<DayValue>(item), head.position);
          if (read.kind === 'stale') return { ok: false, reason: 'stale' };
          if (read.kind === 'value') for (const [hour, counts] of hoursOfDay(String(item.day), read.slot.v)) hours.set(hour, counts);
        }
      }
      return { ok: true, value: hours };
    },

    async commit(workspaceId, contentId, base, next) {
      const writes = partWrites(workspaceId, contentId, base, next);
      if (writes === 'raced') return 'raced';
      let raced = false;
      await forEachLimit(writes, WRITE_CONCURRENCY, async (write) => {
        if (!(await conditionalPut(db, write.item, write.seenRev))) raced = true;
      });
      if (raced) return 'raced';
      const head = headItem(workspaceId, contentId, base, next);
      return (await putHead(db, head, base.version)) ? 'committed' : 'raced';
    },

    async reset(workspaceId, contentId, base, now) {
      const head = {
        ...keys.aggregateHead(workspaceId, contentId),
        type: 'aggregateHead',
        format: 2,
        version: base.version + 1,
        epoch: base.epoch + 1,
        position: FEED_START,
        computedAt: now.toISOString(),
        eventsThrough: null,
        links: 0,
      };
      if (!(await putHead(db, head, base.version))) return 'raced';
      // The old epoch's parts (or the whole-state layout's items) are unreachable now: best-effort cleanup.
      await deleteByPrefix(db, workspaceId, contentId, base.legacy ? 'AGG#STATE' : keys.aggregateEpochPrefix(base.epoch));
      return 'committed';
    },
  };
}

function headOf(item: Record<string, unknown> | undefined): ContentHead {
  if (!item) return emptyHead();
  if (item.format !== 2) return { ...emptyHead(), version: Number(item.version ?? 0), epoch: 0, legacy: true };
  const unpack = <T>(data: unknown): T | null => (data ? (JSON.parse(gunzipSync(data as Uint8Array).toString('utf8')) as T) : null);
  return {
    version: Number(item.version),
    epoch: Number(item.epoch),
    position: String(item.position),
    computedAt: (item.computedAt as string | null | undefined) ?? null,
    eventsThrough: (item.eventsThrough as string | null | undefined) ?? null,
    links: Number(item.links ?? 0),
    summary: unpack<ContentSummary>(item.summary),
    report: unpack<Report>(item.report),
    nextMaturityAt: (item.nextMaturityAt as string | null | undefined) ?? null,
    legacy: false,
  };
}

function headItem(workspaceId: string, contentId: string, base: ContentHead, next: ContentCommit) {
  const summary = gzipSync(JSON.stringify(next.summary));
  const report = gzipSync(JSON.stringify(next.report));
  if (summary.length + report.length > HEAD_BYTES_LIMIT) throw new ContentHeadTooLarge(contentId, summary.length + report.length);
  return {
    ...keys.aggregateHead(workspaceId, contentId),
    type: 'aggregateHead',
    format: 2,
    version: base.version + 1,
    epoch: base.epoch,
    position: next.position,
    computedAt: next.computedAt,
    eventsThrough: next.eventsThrough,
    links: next.links.length,
    summary,
    report,
    nextMaturityAt: next.nextMaturityAt,
  };
}

async function putHead(db: Db, item: Record<string, unknown>, baseVersion: number): Promise<boolean> {
  const written = await ifConditionHolds(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: item,
        ConditionExpression: baseVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
        ExpressionAttributeValues: baseVersion === 0 ? undefined : { ':version': baseVersion },
      }),
    ),
  );
  return written !== null;
}

interface PartWrite {
  item: Record<string, unknown>;
  seenRev: number | null;
}

// Every part the commit changed, as its next item: the open and new structure chunks, the touched
// tallies and series days. `raced` when a part's state at the base is gone (the base is stale).
function partWrites(workspaceId: string, contentId: string, base: ContentHead, next: ContentCommit): PartWrite[] | 'raced' {
  const writes: PartWrite[] = [];
  const add = <T>(key: Record<string, string>, part: PartSlots<T> | undefined, value: T, extra: Record<string, unknown>) => {
    const slots = withSlot(part, base.position, { p: next.position, v: value });
    if (typeof slots === 'string') return false;
    writes.push({ item: { ...key, ...extra, ...slots }, seenRev: part?.rev ?? null });
    return true;
  };
  for (let chunk = chunkOf(base.links); chunk * CHUNK_LINKS < next.links.length; chunk++) {
    const stored = next.chunks.get(chunk);
    const links = longerPrefix(next.links.slice(chunk * CHUNK_LINKS, (chunk + 1) * CHUNK_LINKS), stored?.links ?? []);
    const key = keys.structureChunk(workspaceId, contentId, base.epoch, chunk);
    if (!add(key, stored?.part, Math.min(CHUNK_LINKS, next.links.length - chunk * CHUNK_LINKS), { type: 'structureChunk', links: packChunk(links) })) {
      return 'raced';
    }
  }
  for (const code of next.tallies.changed) {
    const tally = next.tallies.values.get(code);
    if (!tally) continue;
    const key = keys.linkTally(workspaceId, contentId, base.epoch, code);
    if (!add(key, next.tallies.parts.get(code), tallyValue(tally), { type: 'linkTally', code })) return 'raced';
  }
  for (const day of next.days.changed) {
    const key = keys.seriesDay(workspaceId, contentId, base.epoch, day);
    if (!add(key, next.days.parts.get(day), dayValue(next.days.hours, day), { type: 'seriesDay', day })) return 'raced';
  }
  return writes;
}

// A chunk's links in every run are prefixes of one sequence (the content's link events in feed
// order), so the stored links are kept when another run's slot reaches further than ours.
function longerPrefix(ours: StructureLink[], stored: StructureLink[]): StructureLink[] {
  const shorter = ours.length <= stored.length ? ours : stored;
  for (let i = 0; i < shorter.length; i++) {
    if (ours[i]?.code !== stored[i]?.code) throw new Error(`structure chunk diverged at link ${i}: ${ours[i]?.code} != ${stored[i]?.code}`);
  }
  return ours.length >= stored.length ? ours : stored;
}

async function conditionalPut(db: Db, item: Record<string, unknown>, seenRev: number | null): Promise<boolean> {
  const written = await ifConditionHolds(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: item,
        ConditionExpression: seenRev === null ? 'attribute_not_exists(pk)' : 'rev = :rev',
        ExpressionAttributeValues: seenRev === null ? undefined : { ':rev': seenRev },
      }),
    ),
  );
  return written !== null;
}

// The chunks as they were at the head's position. Full chunks never change, so a warm process
// keeps them and queries only from the first chunk it does not hold.
async function readStructure(db: Db, cache: SealedChunkCache, workspaceId: string, contentId: string, head: ContentHead): Promise<PartsRead<LoadedStructure>> {
  const chunks = Math.ceil(head.links / CHUNK_LINKS);
  const cacheKey = `${workspaceId}#${contentId}#${head.epoch}`;
  const sealed = cache.get(cacheKey, chunkOf(head.links));
  const loaded: LoadedStructure = { links: sealed.flat(), tail: new Map() };
  const prefix = keys.structureChunkPrefix(head.epoch);
  const from = keys.structureChunk(workspaceId, contentId, head.epoch, sealed.length).sk;
  for (const item of await queryPrefix(db, workspaceId, contentId, prefix, from)) {
    const chunk = Number(String(item.sk).slice(prefix.length));
    const part = partOf<number>(item) as PartSlots<number>;
    const stored = unpackChunk(item.links as Uint8Array);
    if (chunk >= chunkOf(head.links)) loaded.tail.set(chunk, { part, links: stored });
    if (chunk >= chunks) continue;
    const read = slotAt(part, head.position);
    if (read.kind !== 'value' || chunk !== chunkOf(loaded.links.length)) return { ok: false, reason: 'stale' };
    const chunkLinks = stored.slice(0, read.slot.v);
    for (const link of chunkLinks) loaded.links.push(link);
    if (read.slot.v === CHUNK_LINKS) cache.add(cacheKey, chunk, chunkLinks);
  }
  if (loaded.links.length !== head.links) return { ok: false, reason: 'stale' };
  return { ok: true, value: loaded };
}

async function queryPrefix(db: Db, workspaceId: string, contentId: string, prefix: string, from?: string) {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryAllPages(db, {
    KeyConditionExpression: from ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': keys.contentPartition(workspaceId, contentId),
      ...(from ? { ':from': from, ':to': `${prefix}\uffff` } : { ':prefix': prefix }),
    },
    ConsistentRead: true,
  })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

// Items by sort key (all in one partition), 100 keys a call, retrying what DynamoDB left unprocessed.
async function batchGet(db: Db, keyList: { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let index = 0; index < keyList.length; index += 100) {
    let request: Record<string, unknown>[] = keyList.slice(index, index + 100);
    while (request.length > 0) {
      const batch = request;
      const result = await guard(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: batch, ConsistentRead: true } } })),
      );
      for (const item of result.Responses?.[db.table] ?? []) found.set(String(item.sk), item);
      request = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

async function deleteByPrefix(db: Db, workspaceId: string, contentId: string, prefix: string) {
  const doomed = (await queryPrefix(db, workspaceId, contentId, prefix)).map((item) => ({ pk: item.pk, sk: item.sk }));
  for (let index = 0; index < doomed.length; index += 25) {
    let requests: Record<string, unknown>[] = doomed.slice(index, index + 25).map((Key) => ({ DeleteRequest: { Key } }));
    while (requests.length > 0) {
      const batch = requests;
      const result = await guard(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: batch as never } })));
      requests = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  }
}
