import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StructureLink } from '../../../../shared/domain/aggregate/content-aggregate.js';
import { emptySummary } from '../../../../shared/domain/aggregate/content-summary.js';
import { parentPosition } from '../../../../shared/domain/aggregate/link-index.js';
import { columnsOf, NO_PARENT, PARENT_BY_CODE, Structure } from '../../../../shared/domain/aggregate/structure.js';
import { treeShapes } from '../../../../shared/domain/cascade-tree.js';
import { cascadeComponents, forestFromLinks } from '../../../../shared/domain/metrics/cascade.js';
import { type MatureVisitorsSource, reportParts } from '../../../../shared/domain/report.js';
import { packChunk, unpackChunkColumns } from '../../../../shared/store/content-parts.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T10:00:00.000Z');

// A forest in structure order: each link's parent one of the links before it, none (a seed), or a
// code not among them; codes may repeat (a repeated code resolves to its first occurrence).
const forestLinks = fc
  .array(
    fc.record({
      parent: fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat()),
      code: fc.nat({ max: 60 }),
      hours: fc.nat({ max: 96 }),
      channel: fc.constantFrom(null, 'email', 'x', 'chat'),
      sharer: fc.option(fc.constantFrom('ann', 'bo', 'é 🙂'), { nil: null }),
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    const links: StructureLink[] = [];
    rows.forEach((row, i) => {
      const parent = row.parent >= 0 && i > 0 ? (links[row.parent % i] as StructureLink) : null;
      links.push({
        code: `code${String(row.code).padStart(6, '0')}`,
        parent: parent ? parent.code : row.parent === -2 ? 'Elsewhere1' : null,
        createdAtMs: T0 + row.hours * 3_600_000,
        generation: parent ? parent.generation + 1 : 0,
        sharer: row.sharer,
        channel: row.channel,
      });
    });
    return links;
  });

/**
 * The links' first full chunks as columns (parents as positions where `known`; `stored`: read back
 * from a packed chunk's bytes, else over the objects), the rest as objects.
 */
function structureOf(links: StructureLink[], chunkSize: number, known: boolean, stored = false): Structure {
  const chunks = Math.floor(links.length / chunkSize);
  const firstAt = new Map<string, number>();
  links.forEach((link, i) => firstAt.set(link.code, firstAt.get(link.code) ?? i));
  const columns = Array.from({ length: chunks }, (_, c) => {
    const chunk = links.slice(c * chunkSize, (c + 1) * chunkSize);
    const parents = chunk.map((link) => (known && link.parent !== null ? (firstAt.get(link.parent) ?? -1) : -1));
    return stored ? unpackChunkColumns(packChunk(chunk, (i) => parents[i] ?? -1)) : columnsOf(chunk, parents);
  });
  return Structure.over(columns, chunkSize, links.slice(chunks * chunkSize));
}

describe('a structure of full chunks as columns and links as objects', () => {
  it('reads every link as the links it was made from, by field, as objects, and after an append', () => {
    fc.assert(
      fc.property(forestLinks, fc.integer({ min: 1, max: 7 }), fc.boolean(), fc.boolean(), (links, chunkSize, known, stored) => {
        const structure = structureOf(links, chunkSize, known, stored);

        expect(structure.length).toBe(links.length);
        expect(structure.toArray()).toEqual(links);
        expect([...structure]).toEqual(links);
        expect(links.map((_, i) => [structure.code(i), structure.parent(i), structure.generation(i), structure.channel(i)])).toEqual(
          links.map((link) => [link.code, link.parent, link.generation, link.channel]),
        );
        expect(structure.columns()).toEqual({
          createdAtMs: Float64Array.from(links, (link) => link.createdAtMs),
          generations: Int32Array.from(links, (link) => link.generation),
        });
        expect(structure.slice(1, 4)).toEqual(links.slice(1, 4));

        const appended = { code: 'Appended01', parent: null, createdAtMs: T0, generation: 0, sharer: null, channel: 'x' };
        structure.push(appended);
        expect(structure.link(links.length)).toEqual(appended);
        expect(structure.length).toBe(links.length + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('gives a stored parent position only for a full chunk’s link whose parent was known when stored', () => {
    const links: StructureLink[] = [
      { code: 'Seed000001', parent: null, createdAtMs: T0, generation: 0, sharer: null, channel: null },
      { code: 'Child00001', parent: 'Seed000001', createdAtMs: T0, generation: 1, sharer: null, channel: null },
      { code: 'Child00002', parent: 'Seed000001', createdAtMs: T0, generation: 1, sharer: null, channel: null },
      { code: 'Child00003', parent: 'Seed000001', createdAtMs: T0, generation: 1, sharer: null, channel: null },
    ];
    const columns = columnsOf(links.slice(0, 3), [-1, 0, -1]);
    const structure = Structure.over([columns], 3, links.slice(3));

    expect([...columns.parents]).toEqual([NO_PARENT, 0, PARENT_BY_CODE]);
    expect([0, 1, 2, 3].map((i) => structure.storedParent(i))).toEqual([-1, 0, -1, -1]);
    expect([0, 1, 2, 3].map((i) => structure.parent(i))).toEqual([null, 'Seed000001', 'Seed000001', 'Seed000001']);
    // Not stored: looked up by code.
    expect([0, 1, 2, 3].map((i) => parentPosition(structure, new Map([['Seed000001', 0]]), i))).toEqual([-1, 0, 0, 0]);
  });

  it('gives the same report and the same trees as the links held as objects', () => {
    fc.assert(
      fc.property(forestLinks, fc.integer({ min: 1, max: 7 }), fc.boolean(), fc.boolean(), (links, chunkSize, known, stored) => {
        const structure = structureOf(links, chunkSize, known, stored);
        const summary = emptySummary(DAY);
        const window = { windowMs: DAY, eventsThroughMs: T0 + 5 * DAY };
        const uniqueVisitors = new Map(links.map((link, i) => [link.code, i % 3]));
        const visitors: MatureVisitorsSource = { kind: 'perLink', uniqueVisitors };

        const parts = reportParts(structure, summary, window, visitors);
        expect(parts).toEqual(reportParts(links, summary, window, visitors));
        // And the cascade as the metric maths computes it from the links by code, without the structure.
        const byCode = forestFromLinks(links.map((link) => ({ ...link, uniqueVisitors: uniqueVisitors.get(link.code) ?? 0 })));
        expect(parts.cascade).toEqual(cascadeComponents(byCode, window));
        for (const root of new Set(links.map((link) => link.code))) expect(treeShapes(structure, root)).toEqual(treeShapes(links, root));
      }),
      { numRuns: 150 },
    );
  });
});
