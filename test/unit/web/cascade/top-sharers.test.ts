import { describe, expect, it } from 'vitest';
import { buildForest } from '../../../../web/dashboard/cascade/forest.js';
import { descendantCounts, topSharers } from '../../../../web/dashboard/cascade/top-sharers.js';
import { chain, forestOf } from './fixtures.js';

describe('top sharers', () => {
  const forest = buildForest(
    forestOf([
      ['a', null, { clicks: 3 }],
      ['b', null, { clicks: 9 }],
      ['a1', 'a'],
      ['a2', 'a', { clicks: 5 }],
      ['b1', 'b'],
      ['a11', 'a1'],
      ['a12', 'a1'],
      ['a111', 'a11'],
    ]),
  );
  const count = (code: string) => descendantCounts(forest)[forest.indexOf.get(code) as number];

  it('counts every link any number of generations below each link', () => {
    expect(count('a')).toBe(5);
    expect(count('a1')).toBe(3);
    expect(count('a11')).toBe(1);
    expect(count('b')).toBe(1);
    expect(count('a2')).toBe(0);
  });

  it('ranks by descendants, then clicks, then code, and keeps the top ones', () => {
    const rows = topSharers(forest, 4);
    expect(rows.map((row) => [row.link.code, row.descendants])).toEqual([
      ['a', 5],
      ['a1', 3],
      ['b', 1],
      ['a11', 1],
    ]);
    expect(topSharers(forest)).toHaveLength(8);
  });

  it('counts a chain 20,000 deep without overflowing the stack', () => {
    const deep = buildForest(chain(20_000));
    const rows = topSharers(deep, 50);
    expect(rows[0]?.link.code).toBe('c0');
    expect(rows[0]?.descendants).toBe(19_999);
    expect(rows[49]?.descendants).toBe(19_950);
  });
});
