import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median } from '../../../../shared/domain/metrics/median.js';

const sortedMedian = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

describe('the median', () => {
  it('is null for no values, the middle one for an odd count, the mean of the two middle ones for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([2, 2, 2, 2, 1, 3])).toBe(2);
  });

  it('equals the middle of the sorted values, for any values, duplicates and order', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (values) => median(values) === sortedMedian(values)),
      { numRuns: 500 },
    );
  });

  it('leaves the caller’s values in their order', () => {
    const values = [5, 3, 9, 1, 7];
    median(values);
    expect(values).toEqual([5, 3, 9, 1, 7]);
  });
});
