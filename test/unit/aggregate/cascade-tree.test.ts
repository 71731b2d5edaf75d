import { describe, expect, it } from 'vitest';
import { type CascadeNode, cascadeTree } from '../../../shared/domain/cascade-tree.js';
import { anAggregate, aTally, T0 } from './fixtures.js';

const MINUTE = 60_000;
/** The tree as nested [code, children] pairs, to read shape and order at a glance. */
type Shape = [string, Shape[]];
const shape = (nodes: CascadeNode[]): Shape[] => nodes.map((node) => [node.code, shape(node.children)]);

// Links listed out of creation order on purpose: the tree orders them, not the storage.
const forest = () =>
  anAggregate({
    links: [
      aTally({ code: 'Child00002', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 5 * MINUTE }),
      aTally({ code: 'Seed000002', createdAtMs: T0 + 1 * MINUTE }),
      aTally({ code: 'Grand00001', parent: 'Child00001', generation: 2, createdAtMs: T0 + 4 * MINUTE }),
      aTally({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 2 * MINUTE }),
      aTally({ code: 'Seed000001', createdAtMs: T0 }),
    ],
  });

describe('cascadeTree', () => {
  it('nests every link under its parent, oldest first at every level', () => {
    expect(shape(cascadeTree(forest()))).toEqual([
      [
        'Seed000001',
        [
          ['Child00001', [['Grand00001', []]]],
          ['Child00002', []],
        ],
      ],
      ['Seed000002', []],
    ]);
  });

  it('orders links created in the same millisecond by code', () => {
    const aggregate = anAggregate({ links: [aTally({ code: 'SeedBBBBBB' }), aTally({ code: 'SeedAAAAAA' })] });

    expect(cascadeTree(aggregate).map((node) => node.code)).toEqual(['SeedAAAAAA', 'SeedBBBBBB']);
  });

  it('describes each node with its link’s facts, counts and ISO creation time', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Seed000001', sharer: 'alice', channel: 'email', clicks: 7, botClicks: 3, uniqueVisitors: 5, createdAtMs: T0 }),
      ],
    });

    expect(cascadeTree(aggregate)).toEqual([
      {
        code: 'Seed000001',
        parent: null,
        generation: 0,
        sharer: 'alice',
        channel: 'email',
        createdAt: '2024-06-01T12:00:00.000Z',
        clicks: 7,
        uniqueVisitors: 5,
        children: [],
      },
    ]);
  });

  it('shows a link whose parent is not known as a root rather than dropping it', () => {
    const aggregate = anAggregate({ links: [aTally({ code: 'Orphan0001', parent: 'Missing001', generation: 3 })] });

    expect(cascadeTree(aggregate)).toEqual([expect.objectContaining({ code: 'Orphan0001', parent: 'Missing001', generation: 3 })]);
  });

  it('leaves out pending links (only their clicks are known), so their children show as roots', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Pend000001', pending: true, clicks: 2 }),
        aTally({ code: 'Child00001', parent: 'Pend000001', generation: 1, createdAtMs: T0 + MINUTE }),
      ],
    });

    expect(shape(cascadeTree(aggregate))).toEqual([['Child00001', []]]);
  });

  it('with `root`, answers only that link’s subtree', () => {
    expect(shape(cascadeTree(forest(), { root: 'Child00001' }))).toEqual([['Child00001', [['Grand00001', []]]]]);
  });

  it('with an unknown `root`, answers no tree', () => {
    expect(cascadeTree(forest(), { root: 'Nowhere001' })).toEqual([]);
    expect(cascadeTree(anAggregate({ links: [aTally({ code: 'Pend000001', pending: true })] }), { root: 'Pend000001' })).toEqual([]);
  });

  it('is empty for a content without links', () => {
    expect(cascadeTree(anAggregate())).toEqual([]);
  });
});
