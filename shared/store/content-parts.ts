import { gunzipSync, gzipSync } from 'node:zlib';
import type { LinkTally, StructureLink } from '../domain/aggregate/content-aggregate.js';
import { emptyCounts, SERIES_FIELDS, type SeriesCounts } from '../domain/series/series-counts.js';
import type { PartSlots } from './part-slots.js';

// How each part of a content's aggregate is laid out in its item (docs/data-model.md, "Parts").
// Pure encoding: no I/O.

/** Links per structure chunk: a full chunk never changes again (~30 KB raw, ~12 KB gzipped). */
export const CHUNK_LINKS = 500;

export const chunkOf = (linkIndex: number) => Math.floor(linkIndex / CHUNK_LINKS);

// A chunk as stored: binary columns, gzipped, so that a cold process unpacks a million links in a
// fraction of the time JSON takes. Layout (little-endian): a version byte (2), the link count n and
// the byte lengths of three texts — the codes and the parents' codes, each joined by newlines (no
// code holds one), and the sharers and channels as JSON — then the texts, then n creation times
// (float64, each the step from the one before), n generations (int32) and n parents' positions (int32, −1: none, or look it up).
// Chunks stored as gzipped JSON columns (the first version, starting with `{`) still unpack.
const FORMAT = 2;
const HEADER_BYTES = 17;

/** A chunk's links, and their parents' positions in the structure (−1: none, or not known when packed). */
export interface UnpackedChunk {
  links: StructureLink[];
  parents: Int32Array;
}

export function packChunk(links: readonly StructureLink[], parentAt: (i: number) => number = () => -1): Uint8Array {
  const n = links.length;
  const codes = Buffer.from(links.map((link) => link.code).join('\n'));
  const parentCodes = Buffer.from(links.map((link) => link.parent ?? '').join('\n'));
  const extras = Buffer.from(JSON.stringify({ s: links.map((link) => link.sharer), h: links.map((link) => link.channel) }));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(FORMAT, 0);
  [n, codes.length, parentCodes.length, extras.length].forEach((value, i) => header.writeUInt32LE(value, 1 + 4 * i));
  // Each time as the step from the one before: small numbers, which gzip packs tighter.
  const times = Float64Array.from(links, (link, i) => link.createdAtMs - (i > 0 ? (links[i - 1] as StructureLink).createdAtMs : 0));
  const generations = Int32Array.from(links, (link) => link.generation);
  const parents = Int32Array.from(links, (_, i) => parentAt(i));
  return gzipSync(Buffer.concat([header, codes, parentCodes, extras, bytesOf(times), bytesOf(generations), bytesOf(parents)]));
}

export function unpackChunk(data: Uint8Array): UnpackedChunk {
  const bytes = gunzipSync(data);
  if (bytes[0] !== FORMAT) return unpackJsonChunk(bytes);
  const [n, codesBytes, parentsBytes, extrasBytes] = [1, 5, 9, 13].map((at) => bytes.readUInt32LE(at)) as [number, number, number, number];
  let at = HEADER_BYTES;
  const text = (length: number) => bytes.toString('utf8', at, (at += length));
  const codes = text(codesBytes).split('\n');
  const parentCodes = text(parentsBytes).split('\n');
  const extras = JSON.parse(text(extrasBytes)) as { s: (string | null)[]; h: (string | null)[] };
  const column = <T extends Float64Array | Int32Array>(make: (length: number) => T): T => {
    const values = make(n);
    new Uint8Array(values.buffer).set(bytes.subarray(at, (at += values.byteLength)));
    return values;
  };
  const times = column((length) => new Float64Array(length));
  for (let i = 1; i < n; i++) times[i] = (times[i] as number) + (times[i - 1] as number);
  const generations = column((length) => new Int32Array(length));
  const parents = column((length) => new Int32Array(length));
  const links = new Array<StructureLink>(n);
  for (let i = 0; i < n; i++) {
    links[i] = {
      code: codes[i] as string,
      parent: parentCodes[i] || null,
      createdAtMs: times[i] as number,
      generation: generations[i] as number,
      sharer: extras.s[i] ?? null,
      channel: extras.h[i] ?? null,
    };
  }
  return { links, parents };
}

const bytesOf = (values: Float64Array | Int32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

// The first version: gzipped JSON columns.
interface JsonChunkColumns {
  c: string[];
  p: (string | null)[];
  t: number[];
  g: number[];
  s: (string | null)[];
  h: (string | null)[];
}

function unpackJsonChunk(bytes: Buffer): UnpackedChunk {
  const columns = JSON.parse(bytes.toString('utf8')) as JsonChunkColumns;
  const links = columns.c.map((code, i) => ({
    code,
    parent: columns.p[i] ?? null,
    createdAtMs: columns.t[i] as number,
    generation: columns.g[i] as number,
    sharer: columns.s[i] ?? null,
    channel: columns.h[i] ?? null,
  }));
  return { links, parents: new Int32Array(links.length).fill(-1) };
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
