import { describe, expect, it } from 'vitest';
import { buildForest } from '../../../../web/dashboard/cascade/forest.js';
import { chain, link, twoTrees } from './fixtures.js';

const codes = (forest: ReturnType<typeof buildForest>) => forest.links.map((node) => node.code);

describe('buildForest', () => {
  it('hangs every root from one virtual root, and links from their parents', () => {
    const forest = buildForest(twoTrees());

    expect(forest.root.data).toBeNull();
    expect(forest.root.depth).toBe(0);
    expect(forest.root.children?.map((node) => node.data?.code)).toEqual(['a', 'b']);
    expect(forest.rootCount).toBe(2);
    expect(codes(forest)).toEqual(['a', 'b', 'a1', 'a2', 'b1', 'a11']);
    expect(Array.from(forest.parent)).toEqual([-1, -1, 0, 0, 1, 2]);
    const a1 = forest.nodes[forest.indexOf.get('a1') as number];
    expect(a1?.depth).toBe(2);
    expect(a1?.parent?.data?.code).toBe('a');
    expect(a1?.children?.map((node) => node.data?.code)).toEqual(['a11']);
    expect(forest.root.height).toBe(3);
    expect(forest.deepestGeneration).toBe(2);
  });

  it('takes a link whose parent is not loaded for a root (a picked tree, a parent not aggregated yet)', () => {
    const forest = buildForest([link('x', 'missing', { generation: 4 }), link('x1', 'x', { generation: 5 }), link('y', null)]);

    expect(forest.root.children?.map((node) => node.data?.code)).toEqual(['x', 'y']);
    expect(forest.rootCount).toBe(2);
    expect(forest.parent[forest.indexOf.get('x1') as number]).toBe(forest.indexOf.get('x'));
    expect(forest.deepestGeneration).toBe(5);
  });

  it('orders children after their parents whatever order the nodes came in, each code once', () => {
    const forest = buildForest([link('a1', 'a'), link('a', null), link('a1', 'a'), link('a11', 'a1')]);

    expect(codes(forest)).toEqual(['a', 'a1', 'a11']);
    forest.parent.forEach((parent, index) => expect(parent).toBeLessThan(index));
  });

  it('cuts a parent cycle (which the API never sends) instead of looping or losing links', () => {
    const forest = buildForest([link('r', null), link('p', 'q'), link('q', 'p')]);

    expect(codes(forest).sort()).toEqual(['p', 'q', 'r']);
    expect(forest.rootCount).toBe(2);
    expect(forest.nodes.every((node) => node.depth >= 1)).toBe(true);
  });

  it('builds a chain 20,000 generations deep without recursion', () => {
    const forest = buildForest(chain(20_000));

    expect(forest.links).toHaveLength(20_000);
    expect(forest.nodes[19_999]?.depth).toBe(20_000);
    expect(forest.root.height).toBe(20_000);
    expect(forest.deepestGeneration).toBe(19_999);
  });

  it('is empty for no nodes', () => {
    const forest = buildForest([]);
    expect(forest.links).toEqual([]);
    expect(forest.rootCount).toBe(0);
    expect(forest.root.children).toBeUndefined();
  });
});
