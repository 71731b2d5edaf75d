import { CodeIndex } from '../domain/aggregate/code-index.js';
import type { StructureLink } from '../domain/aggregate/content-aggregate.js';
import type { LinkLookup } from '../domain/aggregate/link-index.js';

// Full structure chunks never change (a content's links only append), so a warm process keeps
// them, with the index of their codes: an aggregation run or a cascade read then queries only the
// chunks after the last one it holds, and indexes only those. Bounded by links held; the least
// recently used content goes first.
const MAX_LINKS = 1_500_000;
// A cached link costs ≈ 250 bytes (its object, its code and entry in the index, its parent position): keep
// the cache within about a quarter of the function's memory, leaving the rest to the work itself.
const BYTES_PER_LINK = 250;

/** How many links a process with `memoryMb` of memory keeps cached (1 GB: about a million). */
export const sealedLinksFor = (memoryMb: number) => Math.min(MAX_LINKS, Math.floor((memoryMb * 1024 * 1024) / 4 / BYTES_PER_LINK));

interface Entry {
  chunks: StructureLink[][];
  /** Code → position in the structure, over every cached chunk (read-only to callers). */
  index: CodeIndex;
  /** Each cached link's parent position, −1 for none or one not cached (read-only to callers). */
  parents: number[];
  links: number;
}

export interface SealedChunks {
  chunks: StructureLink[][];
  /** Covers at least these chunks; entries past them belong to later chunks (see LinkIndex). */
  index: LinkLookup;
  /** Parent positions of at least these chunks' links (−1: none, or not resolved when cached). */
  parents: readonly number[];
}

export function makeSealedChunkCache(maxLinks = MAX_LINKS) {
  const entries = new Map<string, Entry>();
  let held = 0;
  return {
    /** The cached full chunks of a content from chunk 0 on, at most `upTo` of them. */
    get(key: string, upTo: number): SealedChunks {
      const entry = entries.get(key);
      if (!entry) return { chunks: [], index: new CodeIndex(), parents: [] };
      entries.delete(key);
      entries.set(key, entry);
      return { chunks: entry.chunks.slice(0, upTo), index: entry.index, parents: entry.parents };
    },
    /** Keeps a full chunk, only when it extends the cached run of chunks (`parents`: as stored, −1 to look up). */
    add(key: string, chunk: number, links: StructureLink[], parents: ArrayLike<number> = []) {
      const entry = entries.get(key) ?? { chunks: [], index: new CodeIndex(), parents: [], links: 0 };
      if (chunk !== entry.chunks.length) return;
      for (let i = 0; i < links.length; i++) entry.index.add((links[i] as StructureLink).code, entry.links + i);
      for (let i = 0; i < links.length; i++) {
        const stored = parents[i] ?? -1;
        const parent = (links[i] as StructureLink).parent;
        entry.parents.push(stored >= 0 || parent === null ? stored : (entry.index.get(parent) ?? -1));
      }
      entry.chunks.push(links);
      entry.links += links.length;
      held += links.length;
      entries.set(key, entry);
      for (const [oldest, old] of entries) {
        if (held <= maxLinks || oldest === key) break;
        entries.delete(oldest);
        held -= old.links;
      }
    },
    clear() {
      entries.clear();
      held = 0;
    },
  };
}

export type SealedChunkCache = ReturnType<typeof makeSealedChunkCache>;
