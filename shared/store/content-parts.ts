import { gunzipSync, gzipSync } from 'node:zlib';
import type { LinkTally, StructureLink } from '../domain/aggregate/content-aggregate.js';
import { emptyCounts, SERIES_FIELDS, type SeriesCounts } from '../domain/series/series-counts.js';
import type { PartSlots } from './part-slots.js';

// How each part of a content's aggregate is laid out in its item (docs/data-model.md, "Parts").
// Pure encoding: no I/O.

/** Links per structure chunk: a full chunk never changes again (~30 KB raw, ~12 KB gzipped). */
export const CHUNK_LINKS = 500;

export const chunkOf = (linkIndex: number) => Math.floor(linkIndex / CHUNK_LINKS);

// Columns, gzipped: a chunk of 500 links parses in well under a millisecond.
interface ChunkColumns {
  c: string[];
  p: (string | null)[];
  t: number[];
  g: number[];
  s: (string | null)[];
  h: (string | null)[];
}

export function packChunk(links: readonly StructureLink[]): Uint8Array {
  const columns: ChunkColumns = {
    c: links.map((link) => link.code),
    p: links.map((link) => link.parent),
    t: links.map((link) => link.createdAtMs),
    g: links.map((link) => link.generation),
    s: links.map((link) => link.sharer),
    h: links.map((link) => link.channel),
  };
  return gzipSync(JSON.stringify(columns));
}

export function unpackChunk(data: Uint8Array): StructureLink[] {
  const columns = JSON.parse(gunzipSync(data).toString('utf8')) as ChunkColumns;
  return columns.c.map((code, i) => ({
    code,
    parent: columns.p[i] ?? null,
    createdAtMs: columns.t[i] as number,
    generation: columns.g[i] as number,
    sharer: columns.s[i] ?? null,
    channel: columns.h[i] ?? null,
  }));
}

// Child edges: which links were made from which, kept for full ("sealed") structure chunks so that a
// cascade page can name its links' children without reading the chunks after it. Grouped by the
// block of chunks the parent lies in, one immutable item per (parent block, child chunk).
/** Structure chunks per edge block (32,000 links): a chunk's edges go to at most L / 32,000 items. */
export const EDGE_BLOCK_CHUNKS = 64;

export const edgeBlockOf = (chunk: number) => Math.floor(chunk / EDGE_BLOCK_CHUNKS);

/** A link made from another: the parent's position in the structure, the child's code. */
export interface ChildEdge {
  parent: number;
  child: string;
}

export function packEdges(edges: readonly ChildEdge[]): Uint8Array {
  return gzipSync(JSON.stringify({ p: edges.map((edge) => edge.parent), c: edges.map((edge) => edge.child) }));
}

export function unpackEdges(data: Uint8Array): ChildEdge[] {
  const columns = JSON.parse(gunzipSync(data).toString('utf8')) as { p: number[]; c: string[] };
  return columns.c.map((child, i) => ({ parent: columns.p[i] as number, child }));
}

/**
 * The edges of a full chunk, by the edge block of their parent: each link of the chunk whose parent
 * lies before it in the structure (`parentAt`: its position, −1 for none or unknown).
 */
export function chunkEdgesByBlock(chunk: number, links: readonly StructureLink[], parentAt: (position: number) => number): Map<number, ChildEdge[]> {
  const blocks = new Map<number, ChildEdge[]>();
  links.forEach((link, i) => {
    const position = chunk * CHUNK_LINKS + i;
    const parent = parentAt(position);
    if (parent < 0 || parent >= position) return;
    const block = edgeBlockOf(chunkOf(parent));
    const edges = blocks.get(block) ?? [];
    edges.push({ parent, child: link.code });
    blocks.set(block, edges);
  });
  return blocks;
}

/** A tally slot's value: [clicks, botClicks, uniqueVisitors]. */
export type TallyValue = [number, number, number];
export const tallyValue = (tally: LinkTally): TallyValue => [tally.clicks, tally.botClicks, tally.uniqueVisitors];
export const tallyOf = ([clicks, botClicks, uniqueVisitors]: TallyValue): LinkTally => ({ clicks, botClicks, uniqueVisitors });

/** A series day slot's value: UTC hour ("00"–"23") → the counts in SERIES_FIELDS order. */
export type DayValue = Record<string, number[]>;

export const dayOfHour = (hourMs: number) => new Date(hourMs).toISOString().slice(0, 10);

export function dayValue(hours: ReadonlyMap<number, SeriesCounts>, day: string): DayValue {
  const value: DayValue = {};
  for (const [hourMs, counts] of hours) {
    if (dayOfHour(hourMs) === day) value[new Date(hourMs).toISOString().slice(11, 13)] = SERIES_FIELDS.map((field) => counts[field]);
  }
  return value;
}

export function hoursOfDay(day: string, value: DayValue): Map<number, SeriesCounts> {
  const hours = new Map<number, SeriesCounts>();
  for (const [hour, numbers] of Object.entries(value)) {
    const counts = emptyCounts();
    SERIES_FIELDS.forEach((field, i) => {
      counts[field] = numbers[i] ?? 0;
    });
    hours.set(Date.parse(`${day}T${hour}:00:00.000Z`), counts);
  }
  return hours;
}

/** The slots of a part item as stored, or undefined for no item. */
export function partOf<T>(item: Record<string, unknown> | undefined): PartSlots<T> | undefined {
  if (!item) return undefined;
  return { since: String(item.since), rev: Number(item.rev), slots: item.slots as PartSlots<T>['slots'] };
}
