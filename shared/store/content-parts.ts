import { gunzipSync, gzipSync } from 'node:zlib';
import type { LinkTally, StructureLink } from '../domain/aggregate/content-aggregate.js';
import { type ChunkColumns, codeStartsOf, columnsOf, linkAt, storedParentOf } from '../domain/aggregate/structure.js';
import { emptyCounts, SERIES_FIELDS, type SeriesCounts } from '../domain/series/series-counts.js';
import type { PartSlots } from './part-slots.js';

// How each part of a content's aggregate is laid out in its item (docs/data-model.md, "Parts").
// Pure encoding: no I/O.

/** Links per structure chunk: a full chunk never changes again (~30 KB raw, ~12 KB gzipped). */
export const CHUNK_LINKS = 500;

export const chunkOf = (linkIndex: number) => Math.floor(linkIndex / CHUNK_LINKS);

// A chunk as stored: binary columns, gzipped, so that a cold process reads a million links as
// views into 2,000 buffers rather than objects and strings. Layout (little-endian): a version byte
// (3) and three spare, the link count n and the byte lengths of four texts (uint32 each); then the
// fixed-width columns, aligned for views — n creation times (float64, each the step from the one
// before), n generations (int32), n parents' positions (int32: ≥ 0, or NO_PARENT, or
// PARENT_BY_CODE) and n channel numbers (uint16, into the distinct channels; a chunk holds at most
// 500) — then the texts: the codes and the parents' codes, each joined by newlines (no code holds
// one), the sharers as JSON and the distinct channels as JSON. Codes are made into strings only
// when asked for by position, parents' codes and sharers decoded only when first asked for.
// Chunks of version 2 (texts first, sharers and channels in one JSON; parents −1 for none or
// unknown) and of the first version (gzipped JSON columns, starting with `{`) still unpack.
const FORMAT = 3;
const HEADER_BYTES = 24;
const FORMAT_2 = 2;
const FORMAT_2_HEADER_BYTES = 17;

/** A chunk's links, and their parents' positions in the structure (−1: none, or not known when packed). */
export interface UnpackedChunk {
  links: StructureLink[];
  parents: Int32Array;
}

export function packChunk(links: readonly StructureLink[], parentAt: (i: number) => number = () => -1): Uint8Array {
  const n = links.length;
  const channelNames = [...new Set(links.map((link) => link.channel))];
  const channelNumbers = new Map(channelNames.map((name, number) => [name, number]));
  const texts = [
    links.map((link) => link.code).join('\n'),
    links.map((link) => link.parent ?? '').join('\n'),
    JSON.stringify(links.map((link) => link.sharer)),
    JSON.stringify(channelNames),
  ].map((text) => Buffer.from(text));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(FORMAT, 0);
  [n, ...texts.map((text) => text.length)].forEach((value, i) => header.writeUInt32LE(value, 4 + 4 * i));
  // Each time as the step from the one before: small numbers, which gzip packs tighter.
  const times = Float64Array.from(links, (link, i) => link.createdAtMs - (i > 0 ? (links[i - 1] as StructureLink).createdAtMs : 0));
  const generations = Int32Array.from(links, (link) => link.generation);
  const parents = Int32Array.from(links, (link, i) => storedParentOf(parentAt(i), link.parent));
  const channels = Uint16Array.from(links, (link) => channelNumbers.get(link.channel) ?? 0);
  return gzipSync(Buffer.concat([header, ...[times, generations, parents, channels].map(bytesOf), ...texts]));
}

/** A full chunk's links as columns: views into its bytes, no object or string per link. */
export function unpackChunkColumns(data: Uint8Array): ChunkColumns {
  const bytes = gunzipSync(data);
  if (bytes[0] === FORMAT) return columnsOfBytes(bytes);
  const { links, parents } = unpackOlderChunk(bytes);
  return columnsOf(links, parents);
}

export function unpackChunk(data: Uint8Array): UnpackedChunk {
  const bytes = gunzipSync(data);
  if (bytes[0] !== FORMAT) return unpackOlderChunk(bytes);
  const columns = columnsOfBytes(bytes);
  const links = Array.from({ length: columns.size }, (_, i) => linkAt(columns, i));
  return { links, parents: columns.parents.map((parent) => Math.max(-1, parent)) };
}

/** A version-3 chunk's (gunzipped) bytes as columns, whatever their alignment in memory. */
export function columnsOfBytes(stored: Buffer): ChunkColumns {
  // Typed views need their columns aligned: bytes that do not start on 8 are copied to a buffer of their own.
  const bytes = stored.byteOffset % 8 === 0 ? stored : Buffer.from(new Uint8Array(stored).buffer);
  const [n, ...textLengths] = [4, 8, 12, 16, 20].map((at) => bytes.readUInt32LE(at)) as [number, ...number[]];
  const [codeText, parentCodeText, sharerText, channelText] = sections(bytes, HEADER_BYTES + FIXED_BYTES_PER_LINK * n, textLengths) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const parentCodes = lazily(parentCodeText, (text) => text.toString('utf8').split('\n'));
  const sharers = lazily(sharerText, (text) => JSON.parse(text.toString('utf8')) as (string | null)[]);
  const codeStarts = codeStartsOf(codeText, n);
  return {
    size: n,
    ...fixedColumns(bytes, n),
    codeText,
    codeStarts,
    channelNames: JSON.parse(channelText.toString('utf8')) as (string | null)[],
    code: (i) => codeText.toString('utf8', codeStarts[i], (codeStarts[i + 1] as number) - 1),
    parentCode: (i) => parentCodes()[i] || null,
    sharer: (i) => sharers()[i] ?? null,
  };
}

// Creation time, generation, parent and channel number: 8 + 4 + 4 + 2 bytes a link.
const FIXED_BYTES_PER_LINK = 18;

// The fixed-width columns as views of the chunk's (aligned) bytes; times summed back from their steps in place.
function fixedColumns(bytes: Buffer, n: number) {
  const at = bytes.byteOffset + HEADER_BYTES;
  const createdAtMs = new Float64Array(bytes.buffer, at, n);
  for (let i = 1; i < n; i++) createdAtMs[i] = (createdAtMs[i] as number) + (createdAtMs[i - 1] as number);
  return {
    createdAtMs,
    generations: new Int32Array(bytes.buffer, at + 8 * n, n),
    parents: new Int32Array(bytes.buffer, at + 12 * n, n),
    channelNumbers: new Uint16Array(bytes.buffer, at + 16 * n, n),
  };
}

// Consecutive parts of `bytes` from `from` on, of the given lengths.
function sections(bytes: Buffer, from: number, lengths: readonly number[]): Buffer[] {
  let at = from;
  return lengths.map((length) => bytes.subarray(at, (at += length)));
}

// A value worked out from stored bytes the first time it is asked for.
function lazily<T>(bytes: Buffer, decode: (bytes: Buffer) => T): () => T {
  let value: T | undefined;
  return () => (value ??= decode(bytes));
}

// A typed column copied out of a version-2 chunk's bytes (which need not be aligned for it).
function column<T extends Float64Array | Int32Array>(bytes: Uint8Array, Type: new (buffer: ArrayBuffer) => T): T {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Type(copy);
}

// Version 2: three texts (sharers and channels in one JSON), no channel numbers.
function unpackOlderChunk(bytes: Buffer): UnpackedChunk {
  if (bytes[0] !== FORMAT_2) return unpackJsonChunk(bytes);
  const [n, codesBytes, parentsBytes, extrasBytes] = [1, 5, 9, 13].map((at) => bytes.readUInt32LE(at)) as [number, number, number, number];
  const [codeText, parentCodeText, extrasText, timeBytes, generationBytes, parentBytes] = sections(bytes, FORMAT_2_HEADER_BYTES, [
    codesBytes,
    parentsBytes,
    extrasBytes,
    8 * n,
    4 * n,
    4 * n,
  ]) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const codes = codeText.toString('utf8').split('\n');
  const parentCodes = parentCodeText.toString('utf8').split('\n');
  const extras = JSON.parse(extrasText.toString('utf8')) as { s: (string | null)[]; h: (string | null)[] };
  const times = column(timeBytes, Float64Array);
  for (let i = 1; i < n; i++) times[i] = (times[i] as number) + (times[i - 1] as number);
  const generations = column(generationBytes, Int32Array);
  const parents = column(parentBytes, Int32Array);
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

const bytesOf = (values: Float64Array | Int32Array | Uint16Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

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
