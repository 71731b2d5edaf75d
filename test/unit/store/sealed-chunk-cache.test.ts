import { describe, expect, it } from 'vitest';
import type { StructureLink } from '../../../shared/domain/aggregate/content-aggregate.js';
import { columnsOf, NO_PARENT, PARENT_BY_CODE } from '../../../shared/domain/aggregate/structure.js';
import { makeSealedChunkCache, sealedLinksFor } from '../../../shared/store/sealed-chunk-cache.js';

const link = (code: string, parent: string | null = null): StructureLink => ({
  code,
  parent,
  createdAtMs: 0,
  generation: parent ? 1 : 0,
  sharer: null,
  channel: null,
});
// Parents known by code only, as a chunk stored before its parents' positions were.
const chunkOf = (prefix: string, size: number, parentOfFirst: string | null = null) =>
  columnsOf(Array.from({ length: size }, (_, i) => link(`${prefix}${i}`, i === 0 ? parentOfFirst : `${prefix}${i - 1}`)));

describe('the sealed-chunk cache', () => {
  it('keeps a content’s full chunks in order, with the index of their codes and their parents’ positions', () => {
    const cache = makeSealedChunkCache(100);
    cache.add('c', 0, chunkOf('a', 3));
    cache.add('c', 1, chunkOf('b', 3, 'a2'));

    const held = cache.get('c', 2);

    expect(held.chunks.flatMap((chunk) => [0, 1, 2].map(chunk.code))).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
    expect(held.index.get('b0')).toBe(3);
    // Parents known by code only, resolved once when cached, across chunks too.
    expect(held.chunks.flatMap((chunk) => [...chunk.parents])).toEqual([NO_PARENT, 0, 1, 2, 3, 4]);
  });

  it('leaves a parent it cannot find known by code only', () => {
    const cache = makeSealedChunkCache(100);
    cache.add('c', 0, chunkOf('a', 2, 'elsewhere'));

    expect([...cache.get('c', 1).chunks[0]!.parents]).toEqual([PARENT_BY_CODE, 0]);
  });

  it('keeps only a run of chunks from the first, and hands back no more than asked for', () => {
    const cache = makeSealedChunkCache(100);
    cache.add('c', 1, chunkOf('b', 3));
    expect(cache.get('c', 5).chunks).toEqual([]);

    cache.add('c', 0, chunkOf('a', 3));
    cache.add('c', 1, chunkOf('b', 3));
    expect(cache.get('c', 1).chunks).toHaveLength(1);
  });

  it('drops the least recently used content past its budget of links', () => {
    const cache = makeSealedChunkCache(6);
    cache.add('old', 0, chunkOf('o', 3));
    cache.add('new', 0, chunkOf('n', 3));
    cache.get('old', 1); // used: now the newest

    cache.add('third', 0, chunkOf('t', 3));

    expect(cache.get('new', 1).chunks).toEqual([]);
    expect(cache.get('old', 1).chunks).toHaveLength(1);
    expect(cache.get('third', 1).chunks).toHaveLength(1);
  });

  it('sizes its budget to the function’s memory: about a million links in 1 GB, half that in 512 MB', () => {
    expect(sealedLinksFor(1024)).toBe(1_073_741);
    expect(sealedLinksFor(512)).toBe(536_870);
    expect(sealedLinksFor(10_240)).toBe(1_500_000);
  });
});
