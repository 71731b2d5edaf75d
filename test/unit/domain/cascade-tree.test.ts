import { describe, expect, it } from 'vitest';
import type { LinkTally } from '../../../shared/domain/aggregate/content-aggregate.js';
import { cascadeShapes, withCounts } from '../../../shared/domain/cascade-tree.js';
import { aStructureLink, T0 } from '../aggregation/fixtures.js';

const MINUTE = 60_000;

// Links listed out of creation order on purpose: the listing orders them, not the storage.
const forest = () => [
  aStructureLink({ code: 'Child00002', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 5 * MINUTE }),
  aStructureLink({ code: 'Seed000002', createdAtMs: T0 + 1 * MINUTE }),
  aStructureLink({ code: 'Grand00001', parent: 'Child00001', generation: 2, createdAtMs: T0 + 4 * MINUTE }),
  aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 2 * MINUTE }),
  aStructureLink({ code: 'Seed000001', createdAtMs: T0 }),
];

describe('cascadeShapes', () => {
  it('lists the forest breadth-first: roots oldest first, then each level, every parent before its children', () => {
    const shapes = cascadeShapes(forest());

    expect(shapes.map((shape) => [shape.code, shape.children])).toEqual([
      ['Seed000001', ['Child00001', 'Child00002']],
      ['Seed000002', []],
      ['Child00001', ['Grand00001']],
      ['Child00002', []],
      ['Grand00001', []],
    ]);
  });

  it('orders links created in the same millisecond by code', () => {
    const shapes = cascadeShapes([aStructureLink({ code: 'SeedBBBBBB' }), aStructureLink({ code: 'SeedAAAAAA' })]);

    expect(shapes.map((shape) => shape.code)).toEqual(['SeedAAAAAA', 'SeedBBBBBB']);
  });

  it('describes each link by its facts and ISO creation time', () => {
    const shapes = cascadeShapes([aStructureLink({ code: 'Seed000001', sharer: 'alice', channel: 'email', createdAtMs: T0 })]);

    expect(shapes).toEqual([
      { code: 'Seed000001', parent: null, generation: 0, sharer: 'alice', channel: 'email', createdAt: '2024-06-01T12:00:00.000Z', children: [] },
    ]);
  });

  it('shows a link whose parent is not in the structure (yet) as a root rather than dropping it', () => {
    const shapes = cascadeShapes([aStructureLink({ code: 'Orphan0001', parent: 'Missing001', generation: 3 })]);

    expect(shapes).toMatchObject([{ code: 'Orphan0001', parent: 'Missing001', children: [] }]);
  });

  it('with `root`, lists only that link’s tree, from it', () => {
    expect(cascadeShapes(forest(), { root: 'Child00001' }).map((shape) => shape.code)).toEqual(['Child00001', 'Grand00001']);
  });

  it('with an unknown `root`, lists nothing', () => {
    expect(cascadeShapes(forest(), { root: 'Nowhere001' })).toEqual([]);
  });

  it('is empty for a content without links', () => {
    expect(cascadeShapes([])).toEqual([]);
  });

  it('does not reorder the structure it is given', () => {
    const links = forest();
    const before = links.map((link) => link.code);

    cascadeShapes(links);

    expect(links.map((link) => link.code)).toEqual(before);
  });

  it('handles a chain of 20,000 generations, and its JSON, without deep recursion', () => {
    const code = (index: number) => `L${String(index).padStart(9, '0')}`;
    const chain = Array.from({ length: 20_000 }, (_, index) =>
      aStructureLink({ code: code(index), parent: index === 0 ? null : code(index - 1), generation: index, createdAtMs: T0 + index }),
    );

    const shapes = cascadeShapes(chain);

    expect(shapes).toHaveLength(20_000);
    expect(shapes.at(-1)?.generation).toBe(19_999);
    expect(() => JSON.stringify(shapes)).not.toThrow();
  });
});

describe('withCounts', () => {
  it('gives each node its link’s clicks and unique visitors, and 0 for a link with no tally (never clicked)', () => {
    const tallies = new Map<string, LinkTally>([['Child00001', { clicks: 7, botClicks: 3, uniqueVisitors: 5 }]]);

    const nodes = withCounts(cascadeShapes(forest(), { root: 'Child00001' }), tallies);

    expect(nodes).toEqual([
      { code: 'Child00001', parent: 'Seed000001', generation: 1, sharer: null, channel: null, createdAt: '2024-06-01T12:02:00.000Z', children: ['Grand00001'], clicks: 7, uniqueVisitors: 5 },
      { code: 'Grand00001', parent: 'Child00001', generation: 2, sharer: null, channel: null, createdAt: '2024-06-01T12:04:00.000Z', children: [], clicks: 0, uniqueVisitors: 0 },
    ]);
  });

  it('keeps the order of the shapes it is given (a page of them)', () => {
    const page = cascadeShapes(forest()).slice(2, 4);

    expect(withCounts(page, new Map()).map((node) => node.code)).toEqual(['Child00001', 'Child00002']);
  });
});
