import { CodeIndex } from '../domain/aggregate/code-index.js';
import type { LinkLookup } from '../domain/aggregate/link-index.js';
import { type ChunkColumns, PARENT_BY_CODE } from '../domain/aggregate/structure.js';

// Full structure chunks never change (a content's links only append), so a warm process keeps
// them, with the index of their codes: an aggregation run or a cascade read then queries only the
// chunks after the last one it holds, and indexes only those. Bounded by links held; the least
// recently used content goes first.
const MAX_LINKS = 1_500_000;
// A cached link costs ≈ 100 bytes (its share of its chunk's stored bytes ≈ 52, its index entry
// ≈ 38; measured on the bench's million links), ≈ 150 once a cascade tree has decoded its parent's
// code and sharer; 250 leaves room for long sharers. Keep the cache within about a quarter of the
// function's memory, leaving the rest to the work itself.
const BYTES_PER_LINK = 250;

/** How many links a process with `memoryMb` of memory keeps cached (1 GB: about a million). */
export const sealedLinksFor = (memoryMb: number) => Math.min(MAX_LINKS, Math.floor((memoryMb * 1024 * 1024) / 4 / BYTES_PER_LINK));

interface Entry {
  chunks: ChunkColumns[];
  /** Code → position in the structure, over every cached chunk (read-only to callers). */
  index: CodeIndex;
  links: number;
}

export interface SealedChunks {
  /** Their parents known by code only are resolved, once, here: against these chunks up to and including each one. */
  chunks: ChunkColumns[];
  /** Covers at least these chunks; entries past them belong to later chunks (see LinkIndex). */
  index: LinkLookup;
}

export function makeSealedChunkCache(maxLinks = MAX_LINKS) {
  const entries = new Map<string, Entry>();
  let held = 0;
  return {
    /** The cached full chunks of a content from chunk 0 on, at most `upTo` of them. */
    get(key: string, upTo: number): SealedChunks {
      const entry = entries.get(key);
      if (!entry) return { chunks: [], index: new CodeIndex() };
      entries.delete(key);
      entries.set(key, entry);
      return { chunks: entry.chunks.slice(0, upTo), index: entry.index };
    },
    /** Keeps a full chunk, only when it extends the cached run of chunks. */
    add(key: string, chunk: number, links: ChunkColumns) {
      const entry = entries.get(key) ?? { chunks: [], index: new CodeIndex(), links: 0 };
      if (chunk !== entry.chunks.length) return;
      entry.index.addCodes(links.codeText, links.codeStarts, entry.links);
      resolveParents(links, entry.index);
      entry.chunks.push(links);
      entry.links += links.size;
      held += links.size;
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

// A chunk's parents stored by code only (packed before their parents were known) take their
// positions from the index, so no later read looks them up again.
function resolveParents(links: ChunkColumns, index: LinkLookup) {
  for (let i = 0; i < links.size; i++) {
    if (links.parents[i] !== PARENT_BY_CODE) continue;
    const parent = index.get(links.parentCode(i) ?? '');
    if (parent !== undefined) links.parents[i] = parent;
  }
}

export type SealedChunkCache = ReturnType<typeof makeSealedChunkCache>;
