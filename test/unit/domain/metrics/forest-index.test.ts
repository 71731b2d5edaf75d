import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexForest } from '../../../../shared/domain/metrics/forest-index.js';
import { median } from '../../../../shared/domain/metrics/median.js';

/** Whether following the stored parents from i comes back to i. */
function onStoredCycle(stored: Int32Array, i: number): boolean {
  const n = stored.length;
  let x = i;
  for (let steps = 0; steps <= n; steps++) {
    const p = stored[x]!;
    if (p < 0 || p >= n) return false;
    if (p === i) return true;
    x = p;
  }
  return false;
}

/** Any parent column at all, including out-of-range values, self-parents and cycles. */
const anyParentsArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.array(fc.integer({ min: -2, max: n + 2 }), { minLength: n, maxLength: n }))
  .map((values) => Int32Array.from(values));

describe('indexForest', () => {
  it('orders every link exactly once, each after its parent, whatever the stored column holds', () => {
    fc.assert(
      fc.property(anyParentsArb, (stored) => {
        const { parent, order } = indexForest(stored);
        const position = new Int32Array(stored.length).fill(-1);
        order.forEach((v, k) => (position[v] = k));
        expect(position.every((k) => k >= 0)).toBe(true);
        parent.forEach((p, i) => {
          if (p >= 0) expect(position[p]!).toBeLessThan(position[i]!);
        });
      }),
    );
  });

  it('keeps a stored parent unless it is out of range, the link itself, or on a cycle', () => {
    fc.assert(
      fc.property(anyParentsArb, (stored) => {
        const { parent } = indexForest(stored);
        stored.forEach((p, i) => {
          const valid = p >= 0 && p < stored.length && p !== i;
          if (!valid) expect(parent[i]).toBe(-1);
          else if (!onStoredCycle(stored, i)) expect(parent[i]).toBe(p);
        });
      }),
    );
  });

  it('frees exactly one link per stored cycle', () => {
    fc.assert(
      fc.property(anyParentsArb, (stored) => {
        const { parent } = indexForest(stored);
        // Cycles of length ≥ 2: count their members and their lengths.
        const cycleMembers = [...stored.keys()].filter((i) => stored[i] !== i && onStoredCycle(stored, i));
        const cycles = new Set(cycleMembers.map((i) => Math.min(...cycleOf(stored, i))));
        const freed = cycleMembers.filter((i) => parent[i] === -1);
        expect(freed.length).toBe(cycles.size);
      }),
    );
  });

  it('frees the earliest-created link of a cycle', () => {
    // 0 → 1 → 2 → 0; link 2 is the oldest.
    const { parent } = indexForest(Int32Array.of(1, 2, 0), Float64Array.of(30, 20, 10));
    expect([...parent]).toEqual([1, 2, -1]);
  });

  it('visits roots first, then the tree level by level', () => {
    // 3 → 0 → 1, 0 → 2; a second root 4.
    const { order } = indexForest(Int32Array.of(3, 0, 0, -1, -1));
    expect([...order]).toEqual([3, 4, 0, 1, 2]);
  });
});

function cycleOf(stored: Int32Array, i: number): number[] {
  const members = [i];
  for (let x = stored[i]!; x !== i; x = stored[x]!) members.push(x);
  return members;
}

describe('median', () => {
  it('is the middle value for an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('is the mean of the two middle values for an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('sorts numerically, not as strings', () => {
    expect(median([10, 9, 100])).toBe(10);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('leaves its input untouched', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
