import type { StructureLink } from '../domain/aggregate/content-aggregate.js';

// Full structure chunks never change (a content's links only append), so a warm process keeps
// them: an aggregation run or a cascade read then queries only the chunks after the last one it
// holds. Bounded by links held; the least recently used content goes first.
const MAX_LINKS = 1_500_000;

interface Entry {
  chunks: StructureLink[][];
  links: number;
}

export function makeSealedChunkCache(maxLinks = MAX_LINKS) {
  const entries = new Map<string, Entry>();
  let held = 0;
  return {
    /** The cached full chunks of a content from chunk 0 on, at most `upTo` of them. */
    get(key: string, upTo: number): StructureLink[][] {
      const entry = entries.get(key);
      if (!entry) return [];
      entries.delete(key);
      entries.set(key, entry);
      return entry.chunks.slice(0, upTo);
    },
    /** Keeps a full chunk, only when it extends the cached run of chunks. */
    add(key: string, chunk: number, links: StructureLink[]) {
      const entry = entries.get(key) ?? { chunks: [], links: 0 };
      if (chunk !== entry.chunks.length) return;
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
