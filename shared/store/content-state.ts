import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { forEachLimit } from '../concurrency.js';
import type { LinkTally, StructureLink } from '../domain/aggregate/content-aggregate.js';
import type { SeriesCounts } from '../domain/series/series-counts.js';
import { type ContentHead, type HeadFields, headItem, headOf, putHead, resetHeadItem } from './content-head.js';
import {
  CHUNK_LINKS,
  chunkEdgesByBlock,
  chunkOf,
  type DayValue,
  dayValue,
  hoursOfDay,
  packChunk,
  packEdges,
  partOf,
  type TallyValue,
  tallyOf,
  tallyValue,
  unpackChunk,
  unpackChunkColumns,
} from './content-parts.js';
import { Structure } from '../domain/aggregate/structure.js';
import { type CascadePage, readCascadePage } from './cascade-page-read.js';
import type { LinkLookup } from '../domain/aggregate/link-index.js';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';
import { type PartSlots, type PartsRead, slotAt, withSlot } from './part-slots.js';
import { batchGetBySortKey, conditionalPut, deleteByPrefix, putItem, queryContentItems } from './partition-items.js';
import { makeSealedChunkCache, type SealedChunkCache } from './sealed-chunk-cache.js';

export { type ContentHead, ContentHeadTooLarge, emptyHead } from './content-head.js';

// A content's aggregate, laid out so that a commit writes what its events changed and a read
// reads what it needs (docs/data-model.md, "The aggregation"): a head item — the compare-and-set
// point, holding the summary and the stored report — and parts (structure chunks, link tallies,
// series days) kept as position-stamped slots (part-slots.ts). Parts are written first, the head
// last; a reader reads the head, then each part as it was at the head's position.

// Defined beside the slots it reads (the cascade page reader returns it too), named here for the store's callers.
export type { PartsRead };

/** A stored structure chunk the next append writes over: its slots, and its links as stored. */
export interface StoredChunk {
  part: PartSlots<number>;
  links: StructureLink[];
}

export interface LoadedStructure {
  /** Full chunks as columns, the open chunk's links as objects (appended to by the run). */
  links: Structure;
  /** The shared index of the first `size` links (the full chunks the process's cache holds). */
  sealedIndex: { index: LinkLookup; size: number };
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

export interface ContentCommit extends HeadFields {
  /** Every link, those appended after the head's `links` included. */
  links: Structure;
  /** A link's parent's position in `links` (−1: a seed, or a parent not known). */
  parentAt: (position: number) => number;
  chunks: LoadedStructure['tail'];
  tallies: { changed: ReadonlySet<string>; values: ReadonlyMap<string, LinkTally>; parts: LoadedTallies['parts'] };
  days: { changed: ReadonlySet<string>; hours: ReadonlyMap<number, SeriesCounts>; parts: LoadedDays['parts'] };
}

export type CommitOutcome = 'committed' | 'raced';

export interface ContentStateStore {
  readHead(workspaceId: string, contentId: string): Promise<ContentHead>;
  readStructure(workspaceId: string, contentId: string, head: ContentHead): Promise<PartsRead<LoadedStructure>>;
  /** Links `from` to `from + limit` of the structure with their children, reading only the chunks they lie in. */
  readCascadePage(workspaceId: string, contentId: string, head: ContentHead, from: number, limit: number): Promise<PartsRead<CascadePage>>;
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

const WRITE_CONCURRENCY = 16;

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

    async readCascadePage(workspaceId, contentId, head, from, limit) {
      return readCascadePage(db, { workspaceId, contentId }, head, from, limit);
    },

    async readTallies(workspaceId, contentId, head, codes) {
      const read = await readPartsAt<TallyValue>(db, head, codes, (code) => keys.linkTally(workspaceId, contentId, head.epoch, code));
      if (!read.ok) return read;
      const tallies = new Map([...read.value.values].map(([code, value]) => [code, tallyOf(value)]));
      return { ok: true, value: { tallies, parts: read.value.parts } };
    },

    async readAllTallies(workspaceId, contentId, head) {
      const items = await queryContentItems(db, workspaceId, contentId, { prefix: keys.linkTallyPrefix(head.epoch) });
      const read = valuesAt<TallyValue>(items, head);
      if (!read.ok) return read;
      return { ok: true, value: new Map(read.value.map(([item, value]) => [String(item.code), tallyOf(value)])) };
    },

    async readDays(workspaceId, contentId, head, days) {
      const read = await readPartsAt<DayValue>(db, head, days, (day) => keys.seriesDay(workspaceId, contentId, head.epoch, day));
      if (!read.ok) return read;
      const hours = new Map<number, SeriesCounts>();
      for (const [day, value] of read.value.values) for (const [hour, counts] of hoursOfDay(day, value)) hours.set(hour, counts);
      return { ok: true, value: { hours, parts: read.value.parts } };
    },

    async readSeries(workspaceId, contentId, head, fromDay, toDay) {
      const prefix = keys.seriesDayPrefix(head.epoch);
      const items = await queryContentItems(db, workspaceId, contentId, { between: [`${prefix}${fromDay}`, `${prefix}${toDay}`] });
      const read = valuesAt<DayValue>(items, head);
      if (!read.ok) return read;
      const hours = new Map<number, SeriesCounts>();
      for (const [item, value] of read.value) for (const [hour, counts] of hoursOfDay(String(item.day), value)) hours.set(hour, counts);
      return { ok: true, value: hours };
    },

    async commit(workspaceId, contentId, base, next) {
      const writes = partWrites(workspaceId, contentId, base, next);
      if (writes === 'raced') return 'raced';
      const edges = edgeWrites(workspaceId, contentId, base, next);
      let raced = false;
      await forEachLimit([...writes, ...edges.items], WRITE_CONCURRENCY, async (write) => {
        if (write.seenRev === undefined) await putItem(db, write.item);
        else if (!(await conditionalPut(db, write.item, write.seenRev))) raced = true;
      });
      if (raced) return 'raced';
      const head = headItem(workspaceId, contentId, base, next, edges.edgeChunks);
      return (await putHead(db, head, base.version)) ? 'committed' : 'raced';
    },

    async reset(workspaceId, contentId, base, now) {
      const head = resetHeadItem(workspaceId, contentId, base, now);
      if (!(await putHead(db, head, base.version))) return 'raced';
      // The old epoch's parts (or the whole-state layout's items) are unreachable now: best-effort cleanup.
      await deleteByPrefix(db, workspaceId, contentId, base.legacy ? keys.legacyAggregatePrefix : keys.aggregateEpochPrefix(base.epoch));
      return 'committed';
    },
  };
}

interface PartWrite {
  item: Record<string, unknown>;
  /** The revision the item was read at (null: absent); undefined for an immutable item. */
  seenRev?: number | null;
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
    if (
      !add(key, stored?.part, Math.min(CHUNK_LINKS, next.links.length - chunk * CHUNK_LINKS), {
        type: 'structureChunk',
        links: packChunk(links, (i) => storedParentAt(next, chunk * CHUNK_LINKS + i)),
      })
    ) {
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

// A link's parent position as the chunk stores it. Links another run stored past ours (kept by
// longerPrefix) are not in this commit's structure: their parents stay known by code.
const storedParentAt = (next: ContentCommit, position: number) => (position < next.links.length ? next.parentAt(position) : -1);

// A content aggregated before child edges were stored catches up this many chunks per commit.
const MAX_EDGE_CHUNKS_PER_COMMIT = 64;

// The child edges of the full chunks the head does not cover yet, oldest first. Immutable: every
// run computes the same edges for a full chunk (its links and theirs before it never change), so a
// loser's write is the winner's, and a plain put is safe.
function edgeWrites(workspaceId: string, contentId: string, base: ContentHead, next: ContentCommit) {
  const through = Math.min(Math.floor(next.links.length / CHUNK_LINKS), base.edgeChunks + MAX_EDGE_CHUNKS_PER_COMMIT);
  const items: PartWrite[] = [];
  for (let chunk = base.edgeChunks; chunk < through; chunk++) {
    const links = next.links.slice(chunk * CHUNK_LINKS, (chunk + 1) * CHUNK_LINKS);
    for (const [block, edges] of chunkEdgesByBlock(chunk, links, next.parentAt)) {
      items.push({ item: { ...keys.childEdges(workspaceId, contentId, base.epoch, block, chunk), type: 'childEdges', edges: packEdges(edges) } });
    }
  }
  return { items, edgeChunks: Math.max(through, base.edgeChunks) };
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

// The chunks as they were at the head's position. Full chunks never change, so a warm process
// keeps them and queries only from the first chunk it does not hold.
async function readStructure(db: Db, cache: SealedChunkCache, workspaceId: string, contentId: string, head: ContentHead): Promise<PartsRead<LoadedStructure>> {
  const chunks = Math.ceil(head.links / CHUNK_LINKS);
  const cacheKey = `${workspaceId}#${contentId}#${head.epoch}`;
  const sealed = cache.get(cacheKey, chunkOf(head.links));
  const full = [...sealed.chunks];
  const open: StructureLink[] = [];
  const tail = new Map<number, StoredChunk>();
  const prefix = keys.structureChunkPrefix(head.epoch);
  const from = keys.structureChunk(workspaceId, contentId, head.epoch, sealed.chunks.length).sk;
  for (const item of await queryContentItems(db, workspaceId, contentId, { between: [from, `${prefix}\uffff`] })) {
    const chunk = Number(String(item.sk).slice(prefix.length));
    const part = partOf<number>(item) as PartSlots<number>;
    const read = chunk < chunks ? slotAt(part, head.position) : null;
    if (read && (read.kind !== 'value' || chunk !== full.length || open.length > 0)) return { ok: false, reason: 'stale' };
    // Full at the head: never rewritten, read as columns. From the open chunk on: objects, the next append's base.
    if (chunk < chunkOf(head.links)) {
      if (read?.kind !== 'value' || read.slot.v !== CHUNK_LINKS) return { ok: false, reason: 'stale' };
      const columns = unpackChunkColumns(item.links as Uint8Array);
      // Positions follow from whole chunks: a full chunk of another size would shift every one after it.
      if (columns.size !== CHUNK_LINKS) return { ok: false, reason: 'stale' };
      full.push(columns);
      cache.add(cacheKey, chunk, columns);
      continue;
    }
    const stored = unpackChunk(item.links as Uint8Array).links;
    tail.set(chunk, { part, links: stored });
    if (read?.kind === 'value') open.push(...stored.slice(0, read.slot.v));
  }
  const links = Structure.over(full, CHUNK_LINKS, open);
  if (links.length !== head.links) return { ok: false, reason: 'stale' };
  // The chunks held now (before this read, and those it just sealed) were indexed once, in the
  // cache: the caller shares that index rather than indexing their codes again.
  const held = cache.get(cacheKey, chunkOf(head.links));
  const sealedIndex = { index: held.index, size: held.chunks.length * CHUNK_LINKS };
  return { ok: true, value: { links, sealedIndex, tail } };
}

// Queried part items, each as of the head: those that had a value then, with it.
function valuesAt<T>(items: readonly Record<string, unknown>[], head: ContentHead): PartsRead<[Record<string, unknown>, T][]> {
  const values: [Record<string, unknown>, T][] = [];
  for (const item of items) {
    const read = slotAt(partOf<T>(item), head.position);
    if (read.kind === 'stale') return { ok: false, reason: 'stale' };
    if (read.kind === 'value') values.push([item, read.slot.v]);
  }
  return { ok: true, value: values };
}

// Parts by name, each as of the head: its value where it had one, and its stored slots (the next
// write's base) for every name, absent or not.
async function readPartsAt<T>(db: Db, head: ContentHead, names: Iterable<string>, keyOf: (name: string) => { pk: string; sk: string }) {
  const unique = [...new Set(names)];
  const items = await batchGetBySortKey(db, unique.map(keyOf));
  const values = new Map<string, T>();
  const parts = new Map<string, PartSlots<T> | undefined>();
  for (const name of unique) {
    const part = partOf<T>(items.get(keyOf(name).sk));
    const read = slotAt(part, head.position);
    if (read.kind === 'stale') return { ok: false as const, reason: 'stale' as const };
    parts.set(name, part);
    if (read.kind === 'value') values.set(name, read.slot.v);
  }
  return { ok: true as const, value: { values, parts } };
}
