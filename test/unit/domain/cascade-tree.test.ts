import { describe, expect, it } from 'vitest';
import type { LinkTally } from '../../../shared/domain/aggregate/content-aggregate.js';
import { pageShapes, treeShapes, withCounts } from '../../../shared/domain/cascade-tree.js';
import { aStructureLink, T0 } from '../aggregation/fixtures.js';

const MINUTE = 60_000;

// Links in structure order: the order the aggregation learnt of them (which their times need not follow).
const forest = () => [
  aStructureLink({ code: 'Seed000001', createdAtMs: T0 }),
  aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 2 * MINUTE }),
  aStructureLink({ code: 'Seed000002', createdAtMs: T0 + 1 * MINUTE }),
  aStructureLink({ code: 'Grand00001', parent: 'Child00001', generation: 2, createdAtMs: T0 + 4 * MINUTE }),
  aStructureLink({ code: 'Child00002', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 5 * MINUTE }),
];

describe('pageShapes', () => {
  it('describes each link by its facts, ISO creation time and children, in the order given', () => {
    const shapes = pageShapes([aStructureLink({ code: 'Seed000001', sharer: 'alice', channel: 'email', createdAtMs: T0 })], [['Child00001']]);

    expect(shapes).toEqual([
      { code: 'Seed000001', parent: null, generation: 0, sharer: 'alice', channel: 'email', createdAt: '2024-06-01T12:00:00.000Z', children: ['Child00001'] },
    ]);
  });

  it('gives a link with no children listed an empty list', () => {
    expect(pageShapes([aStructureLink({ code: 'Seed000001' })], [])).toMatchObject([{ children: [] }]);
  });
});

describe('treeShapes', () => {
  it('lists one link’s tree in structure order, each node with its children', () => {
    expect(treeShapes(forest(), 'Seed000001').map((shape) => [shape.code, shape.children])).toEqual([
      ['Seed000001', ['Child00001', 'Child00002']],
      ['Child00001', ['Grand00001']],
      ['Grand00001', []],
      ['Child00002', []],
    ]);
  });

  it('starts from a link below the seeds too', () => {
    expect(treeShapes(forest(), 'Child00001').map((shape) => shape.code)).toEqual(['Child00001', 'Grand00001']);
  });

  it('leaves out a link whose parent comes after it in the structure (it is a root of its own)', () => {
    const links = [aStructureLink({ code: 'Early00001', parent: 'Late000001', generation: 1 }), aStructureLink({ code: 'Late000001' })];

    expect(treeShapes(links, 'Late000001').map((shape) => shape.code)).toEqual(['Late000001']);
    expect(treeShapes(links, 'Early00001')).toMatchObject([{ code: 'Early00001', parent: 'Late000001', children: [] }]);
  });

  it('with an unknown root, lists nothing', () => {
    expect(treeShapes(forest(), 'Nowhere001')).toEqual([]);
  });

  it('handles a chain of 20,000 generations, and its JSON, without deep recursion', () => {
    const code = (index: number) => `L${String(index).padStart(9, '0')}`;
    const chain = Array.from({ length: 20_000 }, (_, index) =>
      aStructureLink({ code: code(index), parent: index === 0 ? null : code(index - 1), generation: index, createdAtMs: T0 + index }),
    );

    const shapes = treeShapes(chain, code(0));

    expect(shapes).toHaveLength(20_000);
    expect(shapes.at(-1)?.generation).toBe(19_999);
    expect(() => JSON.stringify(shapes)).not.toThrow();
  });
});

describe('withCounts', () => {
  it('gives each node its link’s clicks and unique visitors, and 0 for a link with no tally (never clicked)', () => {
    const tallies = new Map<string, LinkTally>([['Child00001', { clicks: 7, botClicks: 3, uniqueVisitors: 5 }]]);

    const nodes = withCounts(treeShapes(forest(), 'Child00001'), tallies);

    expect(nodes).toEqual([
      {
        code: 'Child00001',
        parent: 'Seed000001',
        generation: 1,
        sharer: null,
        channel: null,
        createdAt: '2024-06-01T12:02:00.000Z',
        children: ['Grand00001'],
        clicks: 7,
        uniqueVisitors: 5,
      },
      {
        code: 'Grand00001',
        parent: 'Child00001',
        generation: 2,
        sharer: null,
        channel: null,
        createdAt: '2024-06-01T12:04:00.000Z',
        children: [],
        clicks: 0,
        uniqueVisitors: 0,
      },
    ]);
  });

  it('keeps the order of the shapes it is given (a page of them)', () => {
    const page = treeShapes(forest(), 'Seed000001').slice(2, 4);

    expect(withCounts(page, new Map()).map((node) => node.code)).toEqual(['Grand00001', 'Child00002']);
  });
});
