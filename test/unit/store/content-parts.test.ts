import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StructureLink } from '../../../shared/domain/aggregate/content-aggregate.js';
import { NO_PARENT, PARENT_BY_CODE, Structure } from '../../../shared/domain/aggregate/structure.js';
import { chunkEdgesByBlock, columnsOfBytes, packChunk, packEdges, unpackChunk, unpackChunkColumns, unpackEdges } from '../../../shared/store/content-parts.js';

const link = (overrides: Partial<StructureLink> = {}): StructureLink => ({
  code: 'Seed000001',
  parent: null,
  createdAtMs: Date.parse('2026-11-02T10:00:00.000Z'),
  generation: 0,
  sharer: null,
  channel: null,
  ...overrides,
});

const structureLink = fc.record({
  code: fc.stringMatching(/^[A-Za-z0-9]{10}$/),
  parent: fc.option(fc.stringMatching(/^[A-Za-z0-9]{10}$/), { nil: null }),
  createdAtMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  generation: fc.integer({ min: 0, max: 200_000 }),
  sharer: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
  channel: fc.option(fc.string({ maxLength: 64 }), { nil: null }),
});

// A chunk as version 2 stored it: header (version, n, three text lengths), the codes and the
// parents' codes joined by newlines, sharers and channels in one JSON, then times (steps),
// generations and parents' positions.
function packVersion2(links: readonly StructureLink[], parents: readonly number[]): Uint8Array {
  const texts = [
    links.map((l) => l.code).join('\n'),
    links.map((l) => l.parent ?? '').join('\n'),
    JSON.stringify({ s: links.map((l) => l.sharer), h: links.map((l) => l.channel) }),
  ].map((text) => Buffer.from(text));
  const header = Buffer.alloc(17);
  header.writeUInt8(2, 0);
  [links.length, ...texts.map((text) => text.length)].forEach((value, i) => header.writeUInt32LE(value, 1 + 4 * i));
  const times = Float64Array.from(links, (l, i) => l.createdAtMs - (i > 0 ? (links[i - 1] as StructureLink).createdAtMs : 0));
  const columns = [times, Int32Array.from(links, (l) => l.generation), Int32Array.from(parents)].map((values) => Buffer.from(values.buffer));
  return gzipSync(Buffer.concat([header, ...texts, ...columns]));
}

describe('a structure chunk as stored', () => {
  it('unpacks to the links it was packed from, with their parents’ positions', () => {
    fc.assert(
      fc.property(fc.array(structureLink, { maxLength: 500 }), (links) => {
        const unpacked = unpackChunk(packChunk(links, (i) => i - 1));

        expect(unpacked.links).toEqual(links);
        expect([...unpacked.parents]).toEqual(links.map((_, i) => i - 1));
      }),
      { numRuns: 100 },
    );
  });

  it('reads as columns the links it was packed from: parents at their positions, seeds as none, the rest by code', () => {
    fc.assert(
      fc.property(fc.array(structureLink, { maxLength: 500 }), fc.integer({ min: -1, max: 3 }), (links, known) => {
        // Parents known from the `known`-th link on (−1: none known, as for a chunk packed before its parents were).
        const parentAt = (i: number) => (known >= 0 && i >= known ? 10_000 + i : -1);
        const columns = unpackChunkColumns(packChunk(links, parentAt));

        expect(columns.size).toBe(links.length);
        expect(Structure.over([columns], links.length, []).toArray()).toEqual(links);
        expect([...columns.parents]).toEqual(links.map((l, i) => (parentAt(i) >= 0 ? parentAt(i) : l.parent === null ? NO_PARENT : PARENT_BY_CODE)));
        expect(links.every((l, i) => columns.code(i) === l.code)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('reads columns from bytes that do not start aligned, copying them rather than misreading', () => {
    const links = [link(), link({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: 1e12 + 3, sharer: 'ann', channel: 'x' })];
    const stored = gunzipSync(packChunk(links, (i) => i - 1));
    const shifted = Buffer.alloc(stored.length + 3);
    stored.copy(shifted, 3);

    const columns = columnsOfBytes(shifted.subarray(3));

    expect(Structure.over([columns], 2, []).toArray()).toEqual(links);
    expect([...columns.parents]).toEqual([NO_PARENT, 0]);
  });

  it('keeps sharers and channels with newlines, quotes and any Unicode', () => {
    const links = [link({ sharer: 'a\nb "c" é 🙂', channel: '\n' }), link({ code: 'Child00001', parent: 'Seed000001', sharer: '', channel: '' })];

    expect(unpackChunk(packChunk(links)).links).toEqual(links);
    expect(Structure.over([unpackChunkColumns(packChunk(links))], 2, []).toArray()).toEqual(links);
  });

  it('still unpacks a chunk of version 2 (texts first, sharers and channels in one JSON), as links and as columns', () => {
    const links = [
      link(),
      link({ code: 'Child00001', parent: 'Seed000001', generation: 1, sharer: 'ann', channel: 'x' }),
      link({ code: 'Orphan0001', parent: 'Gone000001' }),
    ];
    const version2 = packVersion2(links, [-1, 0, -1]);

    expect(unpackChunk(version2)).toEqual({ links, parents: Int32Array.of(-1, 0, -1) });
    const columns = unpackChunkColumns(version2);
    expect(Structure.over([columns], 3, []).toArray()).toEqual(links);
    expect([...columns.parents]).toEqual([NO_PARENT, 0, PARENT_BY_CODE]);
  });

  it('still unpacks a chunk of the first version (gzipped JSON columns), its parents to be looked up', () => {
    const links = [link(), link({ code: 'Child00001', parent: 'Seed000001', generation: 1, sharer: 'ann', channel: 'x' })];
    const firstVersion = gzipSync(
      JSON.stringify({
        c: links.map((l) => l.code),
        p: links.map((l) => l.parent),
        t: links.map((l) => l.createdAtMs),
        g: links.map((l) => l.generation),
        s: links.map((l) => l.sharer),
        h: links.map((l) => l.channel),
      }),
    );

    const unpacked = unpackChunk(firstVersion);

    expect(unpacked.links).toEqual(links);
    expect([...unpacked.parents]).toEqual([-1, -1]);
    expect(Structure.over([unpackChunkColumns(firstVersion)], 2, []).toArray()).toEqual(links);
  });

  it('is smaller than the first version for a chunk of random codes', () => {
    const code = (i: number) => `${i.toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
    const links = Array.from({ length: 500 }, (_, i) =>
      link({ code: code(i), parent: i ? code(i >> 1) : null, generation: i ? 1 : 0, createdAtMs: 1e12 + i * 997 }),
    );
    const json = gzipSync(JSON.stringify({ c: links.map((l) => l.code), p: links.map((l) => l.parent), t: links.map((l) => l.createdAtMs) }));

    expect(packChunk(links).byteLength).toBeLessThan(json.byteLength * 1.2);
  });
});

describe('child edges', () => {
  it('keeps each link made from an earlier one, by its parent’s edge block, and no seed or later parent', () => {
    const links = [link({ code: 'A' }), link({ code: 'B', parent: 'A' }), link({ code: 'C', parent: 'Z' }), link({ code: 'D', parent: 'B' })];
    const parentAt = (position: number) => [-1, 1_000 * 500 + 0, 1_000 * 500 + 99_999, 64 * 500 + 3][position - 1_000 * 500] ?? -1;

    const blocks = chunkEdgesByBlock(1_000, links, parentAt);

    expect(Object.fromEntries(blocks)).toEqual({ 1: [{ parent: 64 * 500 + 3, child: 'D' }], 15: [{ parent: 1_000 * 500, child: 'B' }] });
  });

  it('round-trips through its stored form', () => {
    const edges = [
      { parent: 3, child: 'Child00001' },
      { parent: 0, child: 'Child00002' },
    ];

    expect(unpackEdges(packEdges(edges))).toEqual(edges);
  });
});
