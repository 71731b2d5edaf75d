import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { galtonWatsonForest, mulberry32, shuffleForest } from '../../../support/galton-watson.js';

const base = { randomSeed: 7, seeds: 20, meanOffspring: 0.9, maxLinks: 5_000, startMs: Date.UTC(2024, 0, 1), meanDelayMs: 60_000 };

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1_000 }, () => a());
    expect(Array.from({ length: 1_000 }, () => b())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    // Roughly uniform: the mean of 1 000 draws is within 0.05 of 1/2 (σ of the mean ≈ 0.009).
    expect(Math.abs(draws.reduce((x, y) => x + y, 0) / draws.length - 0.5)).toBeLessThan(0.05);
  });
});

describe('galtonWatsonForest', () => {
  it('is deterministic for a seed', () => {
    // Its columns: `codeOf` is a function over `codes`, a new one each time.
    const columns = ({ codeOf: _, ...forest }: ReturnType<typeof galtonWatsonForest>) => forest;
    expect(columns(galtonWatsonForest(base))).toEqual(columns(galtonWatsonForest(base)));
  });

  it('gives a different forest for a different seed', () => {
    const a = galtonWatsonForest(base);
    const b = galtonWatsonForest({ ...base, randomSeed: 8 });
    expect(a.size === b.size && a.parent.every((p, i) => p === b.parent[i]) && a.createdAtMs.every((t, i) => t === b.createdAtMs[i])).toBe(false);
  });

  it('stops at maxLinks when the process would grow beyond it', () => {
    // Mean offspring 3 from 10 seeds passes 1 000 links within a few generations.
    const forest = galtonWatsonForest({ ...base, meanOffspring: 3, seeds: 10, maxLinks: 1_000 });
    expect(forest.size).toBe(1_000);
    for (const column of [forest.codes, forest.parent, forest.createdAtMs, forest.generation, forest.uniqueVisitors]) {
      expect(column.length).toBe(1_000);
    }
  });

  it('makes only seeds when maxLinks is below the number of seeds', () => {
    const forest = galtonWatsonForest({ ...base, seeds: 50, maxLinks: 30 });
    expect(forest.size).toBe(30);
    expect(forest.parent.every((p) => p === -1)).toBe(true);
  });

  it('makes seeds only when the mean offspring is 0', () => {
    const forest = galtonWatsonForest({ ...base, meanOffspring: 0 });
    expect(forest.size).toBe(base.seeds);
  });

  it('creates parents before children, one generation deeper and strictly later', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.constantFrom('poisson' as const, 'geometric' as const),
        (randomSeed, seeds, meanOffspring, offspring) => {
          const forest = galtonWatsonForest({ ...base, randomSeed, seeds, meanOffspring, offspring, maxLinks: 400 });
          expect(forest.size).toBeLessThanOrEqual(400);
          expect(forest.size).toBeGreaterThanOrEqual(Math.min(seeds, 400));
          for (let i = 0; i < forest.size; i++) {
            const p = forest.parent[i]!;
            if (i < Math.min(seeds, 400)) {
              expect(p).toBe(-1);
              expect(forest.generation[i]).toBe(0);
              continue;
            }
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThan(i);
            expect(forest.generation[i]).toBe(forest.generation[p]! + 1);
            expect(forest.createdAtMs[i]!).toBeGreaterThan(forest.createdAtMs[p]!);
          }
          expect(new Set(forest.codes).size).toBe(forest.size);
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each(['poisson', 'geometric'] as const)('draws %s offspring with the requested mean', (offspring) => {
    // 20 000 seeds with mean 0.5: the first generation has 10 000 links on average, σ ≈ 100–120.
    const forest = galtonWatsonForest({ ...base, seeds: 20_000, meanOffspring: 0.5, offspring, maxLinks: 1_000_000 });
    const firstGeneration = forest.generation.filter((g) => g === 1).length;
    expect(firstGeneration / 20_000).toBeGreaterThan(0.48);
    expect(firstGeneration / 20_000).toBeLessThan(0.52);
  });

  it('gives every link at least as many unique visitors as re-shares', () => {
    const forest = galtonWatsonForest({ ...base, meanOffspring: 1.5, maxLinks: 2_000 });
    const children = new Float64Array(forest.size);
    forest.parent.forEach((p) => p >= 0 && children[p]!++);
    expect(forest.uniqueVisitors.every((v, i) => v >= children[i]!)).toBe(true);
  });

  it('spreads the seeds over seedSpreadMs from startMs', () => {
    const forest = galtonWatsonForest({ ...base, seeds: 100, meanOffspring: 0, seedSpreadMs: 10_000 });
    const times = [...forest.createdAtMs];
    expect(Math.min(...times)).toBeGreaterThanOrEqual(base.startMs);
    expect(Math.max(...times)).toBeLessThan(base.startMs + 10_000);
    expect(new Set(times).size).toBeGreaterThan(1);
  });
});

describe('shuffleForest', () => {
  it('keeps each link with its own columns and its parent, only moving positions', () => {
    const forest = galtonWatsonForest({ ...base, maxLinks: 500 });
    const shuffled = shuffleForest(forest, 3);
    const byCode = new Map(shuffled.codes.map((code, i) => [code, i]));
    expect(shuffled.size).toBe(forest.size);
    expect(byCode.size).toBe(forest.size);
    let moved = 0;
    forest.codes.forEach((code, i) => {
      const j = byCode.get(code)!;
      if (j !== i) moved++;
      const p = forest.parent[i]!;
      expect(shuffled.parent[j]!).toBe(p < 0 ? -1 : byCode.get(forest.codes[p]!)!);
      expect(shuffled.createdAtMs[j]).toBe(forest.createdAtMs[i]);
      expect(shuffled.generation[j]).toBe(forest.generation[i]);
      expect(shuffled.uniqueVisitors[j]).toBe(forest.uniqueVisitors[i]);
    });
    expect(moved).toBeGreaterThan(0);
  });
});
