import { describe, expect, it } from 'vitest';
import { cascadeNodes } from '../../../shared/domain/cascade-tree.js';
import { anAggregate, aTally, T0 } from './fixtures.js';

const MINUTE = 60_000;

// Links listed out of creation order on purpose: the listing orders them, not the storage.
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

describe('cascadeNodes', () => {
  it('lists the forest breadth-first: roots oldest first, then each level, every parent before its children', () => {
    const nodes = cascadeNodes(forest());

    expect(nodes.map((node) => node.code)).toEqual(['Seed000001', 'Seed000002', 'Child00001', 'Child00002', 'Grand00001']);
    expect(nodes.map((node) => [node.code, node.children])).toEqual([
      ['Seed000001', ['Child00001', 'Child00002']],
      ['Seed000002', []],
      ['Child00001', ['Grand00001']],
      ['Child00002', []],
      ['Grand00001', []],
    ]);
  });

  it('orders links created in the same millisecond by code', () => {
    const aggregate = anAggregate({ links: [aTally({ code: 'SeedBBBBBB' }), aTally({ code: 'SeedAAAAAA' })] });

    expect(cascadeNodes(aggregate).map((node) => node.code)).toEqual(['SeedAAAAAA', 'SeedBBBBBB']);
  });

  it('describes each node with its link’s facts, counts and ISO creation time', () => {
    const aggregate = anAggregate({
      links: [aTally({ code: 'Seed000001', sharer: 'alice', channel: 'email', clicks: 7, botClicks: 3, uniqueVisitors: 5, createdAtMs: T0 })],
    });

    expect(cascadeNodes(aggregate)).toEqual([
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

    expect(cascadeNodes(aggregate)).toMatchObject([{ code: 'Orphan0001', parent: 'Missing001', children: [] }]);
  });

  it('leaves out pending links (only their clicks are known), so their children show as roots', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Pending001', pending: true }),
        aTally({ code: 'Child00001', parent: 'Pending001', generation: 1, createdAtMs: T0 + MINUTE }),
      ],
    });

    expect(cascadeNodes(aggregate).map((node) => node.code)).toEqual(['Child00001']);
  });

  it('with `root`, lists only that link’s tree, from it', () => {
    expect(cascadeNodes(forest(), { root: 'Child00001' }).map((node) => node.code)).toEqual(['Child00001', 'Grand00001']);
  });

  it('with an unknown `root`, lists nothing', () => {
    expect(cascadeNodes(forest(), { root: 'Nowhere001' })).toEqual([]);
  });

  it('is empty for a content without links', () => {
    expect(cascadeNodes(anAggregate({ links: [] }))).toEqual([]);
  });

  it('handles a chain of 20,000 generations, and its JSON, without deep recursion', () => {
    const links = Array.from({ length: 20_000 }, (_, index) =>
      aTally({ code: `L${String(index).padStart(9, '0')}`, parent: index === 0 ? null : `L${String(index - 1).padStart(9, '0')}`, generation: index, createdAtMs: T0 + index }),
    );

    const nodes = cascadeNodes(anAggregate({ links }));

    expect(nodes).toHaveLength(20_000);
    expect(nodes.at(-1)?.generation).toBe(19_999);
    expect(() => JSON.stringify(nodes)).not.toThrow();
  });
});
