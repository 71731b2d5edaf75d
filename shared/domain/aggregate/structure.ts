import type { StructureLink } from './content-aggregate.js';

// A content's link structure as a run and a report read it: the full stored chunks column by
// column (a million links are a few arrays, not a million objects for the collector to trace), then
// the links of the open chunk and those this run appends, as objects (docs/data-model.md, "Parts").

/** A full chunk's stored parent position for a seed. */
export const NO_PARENT = -1;
/** A full chunk's stored parent position for a parent known by its code only (not resolved when stored). */
export const PARENT_BY_CODE = -2;

/** How a full chunk stores a link's parent: its position when known, else whether it has one at all. */
export const storedParentOf = (position: number, parentCode: string | null): number =>
  position >= 0 ? position : parentCode === null ? NO_PARENT : PARENT_BY_CODE;

/** The links of one full chunk, column by column. */
export interface ChunkColumns {
  readonly size: number;
  /** The codes' UTF-8 bytes joined by newlines, code i from `codeStarts[i]` to `codeStarts[i + 1] − 1`: what an index reads, no string made. */
  readonly codeText: Uint8Array;
  readonly codeStarts: Int32Array;
  readonly createdAtMs: Float64Array;
  readonly generations: Int32Array;
  /** Each link's channel, as a number into `channelNames`. */
  readonly channelNumbers: Uint16Array;
  readonly channelNames: readonly (string | null)[];
  /** Each link's parent position in the structure, or NO_PARENT, or PARENT_BY_CODE (a cache resolves what it can, once). */
  readonly parents: Int32Array;
  /** Made on demand: a run reads few codes by position, and indexes the rest from `codeText`. */
  code(i: number): string;
  /** Decoded on first use: only an unresolved parent, a cascade tree or a re-pack needs them. */
  parentCode(i: number): string | null;
  sharer(i: number): string | null;
}

/** Where each code starts in newline-joined `text` holding `count` codes, and one past the last (n + 1 entries). */
export function codeStartsOf(text: Uint8Array, count: number): Int32Array {
  const starts = new Int32Array(count + 1);
  let code = 1;
  for (let i = 0; i < text.length && code < count; i++) if (text[i] === 0x0a) starts[code++] = i + 1;
  starts[count] = text.length + 1;
  return starts;
}

/** Columns over links held as objects (`parents`: positions as stored, −1 for none or unknown). */
export function columnsOf(links: readonly StructureLink[], parents: ArrayLike<number> = []): ChunkColumns {
  const channelNames = [...new Set(links.map((link) => link.channel))];
  const codeText = new TextEncoder().encode(links.map((link) => link.code).join('\n'));
  return {
    size: links.length,
    codeText,
    codeStarts: codeStartsOf(codeText, links.length),
    createdAtMs: Float64Array.from(links, (link) => link.createdAtMs),
    generations: Int32Array.from(links, (link) => link.generation),
    channelNumbers: Uint16Array.from(links, (link) => channelNames.indexOf(link.channel)),
    channelNames,
    parents: Int32Array.from(links, (link, i) => storedParentOf(parents[i] ?? -1, link.parent)),
    code: (i) => (links[i] as StructureLink).code,
    parentCode: (i) => links[i]?.parent ?? null,
    sharer: (i) => links[i]?.sharer ?? null,
  };
}

/** A full chunk's link `j`: its parent's code (null for a seed). */
export const parentCodeAt = (chunk: ChunkColumns, j: number): string | null => (chunk.parents[j] === NO_PARENT ? null : chunk.parentCode(j));

/** A full chunk's link `j`: its channel. */
export const channelAt = (chunk: ChunkColumns, j: number): string | null => chunk.channelNames[chunk.channelNumbers[j] as number] ?? null;

/** A full chunk's link `j` as an object. */
export const linkAt = (chunk: ChunkColumns, j: number): StructureLink => ({
  code: chunk.code(j),
  parent: parentCodeAt(chunk, j),
  createdAtMs: chunk.createdAtMs[j] as number,
  generation: chunk.generations[j] as number,
  sharer: chunk.sharer(j),
  channel: channelAt(chunk, j),
});

export class Structure implements Iterable<StructureLink> {
  private readonly sealedLinks: number;

  private constructor(
    private readonly chunks: readonly ChunkColumns[],
    private readonly chunkSize: number,
    private readonly own: StructureLink[],
  ) {
    this.sealedLinks = chunks.length * chunkSize;
  }

  /** Links held as objects (appends go to `links` itself). */
  static of(links: StructureLink[]): Structure {
    return new Structure([], 1, links);
  }

  /** Full chunks of `chunkSize` links each, then `rest` as objects (appends go to `rest`). */
  static over(chunks: readonly ChunkColumns[], chunkSize: number, rest: StructureLink[]): Structure {
    if (chunks.some((chunk) => chunk.size !== chunkSize)) throw new RangeError(`a full chunk holds ${chunkSize} links`);
    return new Structure(chunks, chunkSize, rest);
  }

  get length(): number {
    return this.sealedLinks + this.own.length;
  }

  push(link: StructureLink) {
    this.own.push(link);
  }

  code(i: number): string {
    return i < this.sealedLinks ? this.chunkAt(i).code(i % this.chunkSize) : this.ownAt(i).code;
  }

  parent(i: number): string | null {
    return i < this.sealedLinks ? parentCodeAt(this.chunkAt(i), i % this.chunkSize) : this.ownAt(i).parent;
  }

  /** The parent's position as stored with a full chunk, or as the cache resolved it (−1: none known, look the parent up). */
  storedParent(i: number): number {
    return i < this.sealedLinks ? Math.max(-1, this.chunkAt(i).parents[i % this.chunkSize] as number) : -1;
  }

  createdAtMs(i: number): number {
    return i < this.sealedLinks ? (this.chunkAt(i).createdAtMs[i % this.chunkSize] as number) : this.ownAt(i).createdAtMs;
  }

  generation(i: number): number {
    return i < this.sealedLinks ? (this.chunkAt(i).generations[i % this.chunkSize] as number) : this.ownAt(i).generation;
  }

  channel(i: number): string | null {
    return i < this.sealedLinks ? channelAt(this.chunkAt(i), i % this.chunkSize) : this.ownAt(i).channel;
  }

  /** The full chunk holding link `i` (i below the full chunks' links). */
  private chunkAt(i: number): ChunkColumns {
    return this.chunks[(i / this.chunkSize) | 0] as ChunkColumns;
  }

  /** Link `i` held as an object (i at or past the full chunks' links). */
  private ownAt(i: number): StructureLink {
    return this.own[i - this.sealedLinks] as StructureLink;
  }

  /** Link `i` as an object (made on demand for a full chunk's link). */
  link(i: number): StructureLink {
    return i < this.sealedLinks ? linkAt(this.chunkAt(i), i % this.chunkSize) : this.ownAt(i);
  }

  /** Links `from` to `to` (clamped to the structure) as objects. */
  slice(from = 0, to = this.length): StructureLink[] {
    const links: StructureLink[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) links.push(this.link(i));
    return links;
  }

  toArray(): StructureLink[] {
    return this.slice();
  }

  *[Symbol.iterator](): Iterator<StructureLink> {
    for (let i = 0; i < this.length; i++) yield this.link(i);
  }

  /** The columns the metric maths read, over every link: one copy per full chunk, not per link. */
  columns(): { createdAtMs: Float64Array; generations: Int32Array } {
    const n = this.length;
    const createdAtMs = new Float64Array(n);
    const generations = new Int32Array(n);
    this.chunks.forEach((chunk, c) => {
      createdAtMs.set(chunk.createdAtMs, c * this.chunkSize);
      generations.set(chunk.generations, c * this.chunkSize);
    });
    for (let i = this.sealedLinks; i < n; i++) {
      const link = this.own[i - this.sealedLinks] as StructureLink;
      createdAtMs[i] = link.createdAtMs;
      generations[i] = link.generation;
    }
    return { createdAtMs, generations };
  }
}

/** A structure, or links held as objects taken as one (read-only: a caller that appends passes its own array). */
export const asStructure = (links: Structure | readonly StructureLink[]): Structure =>
  links instanceof Structure ? links : Structure.of(links as StructureLink[]);
