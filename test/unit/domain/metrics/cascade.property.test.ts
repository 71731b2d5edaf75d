import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascadeComponents, cascadeMetrics, sumCascadeComponents, wienerIndex } from '../../../../shared/domain/metrics/cascade.js';
import type { Forest, KWindow } from '../../../../shared/domain/metrics/types.js';
import { galtonWatsonForest, shuffleForest } from '../../../support/galton-watson.js';

const T0 = Date.UTC(2024, 5, 1);

/** A random tree as a parent column with parent[i] < i (node 0 the root). */
const treeArb = (maxNodes: number) =>
  fc
    .integer({ min: 1, max: maxNodes })
    .chain((n) => fc.array(fc.nat(), { minLength: n, maxLength: n }))
    .map((picks) => Int32Array.from(picks, (pick, i) => (i === 0 ? -1 : pick % i)));

/** The same tree with its nodes relabelled by a random permutation. */
const shuffledTreeArb = (maxNodes: number) =>
  treeArb(maxNodes).chain((parent) =>
    fc.array(fc.double({ noNaN: true }), { minLength: parent.length, maxLength: parent.length }).map((keys) => {
      const order = [...parent.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
      const position = new Int32Array(parent.length);
      order.forEach((old, to) => (position[old] = to));
      const shuffled = new Int32Array(parent.length);
      parent.forEach((p, old) => (shuffled[position[old]!] = p < 0 ? -1 : position[p]!));
      return shuffled;
    }),
  );

/** Σ over unordered pairs of BFS distances: the Wiener index by its definition, O(n²). */
function bruteForceWiener(parent: Int32Array): number {
  const n = parent.length;
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  parent.forEach((p, i) => {
    if (p >= 0) {
      neighbours[i]!.push(p);
      neighbours[p]!.push(i);
    }
  });
  let total = 0;
  for (let from = 0; from < n; from++) {
    const distance = new Array<number>(n).fill(-1);
    distance[from] = 0;
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (const w of neighbours[v]!) {
        if (distance[w] === -1) {
          distance[w] = distance[v]! + 1;
          queue.push(w);
        }
      }
    }
    total += distance.reduce((a, b) => a + b, 0);
  }
  return total / 2;
}

/**
 * A random consistent forest: about one link in five a seed, the others re-shares of an earlier
 * link, created 0–5 s after it; generation = parent's + 1. Codes carry a prefix so two forests
 * can be joined without clashes.
 */
const forestArb = (prefix: string) =>
  fc
    .array(fc.record({ seed: fc.nat({ max: 4 }), pick: fc.nat(), delayMs: fc.integer({ min: 0, max: 5_000 }), visitors: fc.nat({ max: 6 }) }), {
      maxLength: 40,
    })
    .map((nodes): Forest => {
      const n = nodes.length;
      const forest: Forest = {
        size: n,
        codeOf: (i) => `${prefix}${i}`,
        parent: new Int32Array(n),
        createdAtMs: new Float64Array(n),
        generation: new Int32Array(n),
        uniqueVisitors: new Float64Array(n),
      };
      nodes.forEach((node, i) => {
        const p = i === 0 || node.seed === 0 ? -1 : node.pick % i;
        forest.parent[i] = p;
        forest.generation[i] = p < 0 ? 0 : forest.generation[p]! + 1;
        forest.createdAtMs[i] = (p < 0 ? T0 : forest.createdAtMs[p]!) + node.delayMs;
        forest.uniqueVisitors[i] = node.visitors;
      });
      return forest;
    });

const windowArb: fc.Arbitrary<KWindow> = fc.record({
  windowMs: fc.option(fc.integer({ min: 0, max: 6_000 }), { nil: null }),
  eventsThroughMs: fc.integer({ min: T0, max: T0 + 30_000 }),
});

function union(a: Forest, b: Forest): Forest {
  const shift = (p: number) => (p < 0 ? -1 : p + a.size);
  return {
    size: a.size + b.size,
    codeOf: (i) => (i < a.size ? a.codeOf(i) : b.codeOf(i - a.size)),
    parent: Int32Array.from([...a.parent, ...Array.from(b.parent, shift)]),
    createdAtMs: Float64Array.from([...a.createdAtMs, ...b.createdAtMs]),
    generation: Int32Array.from([...a.generation, ...b.generation]),
    uniqueVisitors: Float64Array.from([...a.uniqueVisitors, ...b.uniqueVisitors]),
  };
}

const oneTree = (parent: Int32Array): Forest => {
  const n = parent.length;
  const generation = new Int32Array(n);
  // parent[i] < i, so a forward pass sees each parent first.
  for (let i = 1; i < n; i++) generation[i] = generation[parent[i]!]! + 1;
  return {
    size: n,
    codeOf: (i) => `n${i}`,
    parent,
    createdAtMs: Float64Array.from(generation, (g) => T0 + g * 1000),
    generation,
    uniqueVisitors: new Float64Array(n),
  };
};

describe('Wiener index (property)', () => {
  it('the O(n) subtree-size method equals the all-pairs BFS distance sum on random trees', () => {
    fc.assert(
      fc.property(treeArb(60), (parent) => {
        expect(wienerIndex(parent)).toBe(bruteForceWiener(parent));
      }),
    );
  });

  it('still equals it when the nodes are stored in a random, non-topological order', () => {
    fc.assert(
      fc.property(shuffledTreeArb(60), (parent) => {
        expect(wienerIndex(parent)).toBe(bruteForceWiener(parent));
      }),
    );
  });
});

describe('structural virality bounds (property)', () => {
  // The star minimises W over n-node trees and the path maximises it (Wiener index extremes), so
  // 1 ≤ 2(n−1)/n ≤ ν ≤ (n+1)/3 for n ≥ 2. Both ends are reached, hence the small tolerance.
  it('lies between the star value 2(n−1)/n (≥ 1) and the path value (n+1)/3 for any tree of n ≥ 2', () => {
    fc.assert(
      fc.property(treeArb(80), (parent) => {
        const n = parent.length;
        const nu = cascadeMetrics(cascadeComponents(oneTree(parent), { windowMs: null, eventsThroughMs: T0 })).structuralVirality;
        if (n < 2) {
          expect(nu).toBeNull();
          return;
        }
        expect(nu).not.toBeNull();
        expect(nu!).toBeGreaterThanOrEqual((2 * (n - 1)) / n - 1e-12);
        expect(nu!).toBeGreaterThanOrEqual(1);
        expect(nu!).toBeLessThanOrEqual((n + 1) / 3 + 1e-12);
      }),
    );
  });
});

describe('campaign sums (property)', () => {
  it('finalising the sum of two contents equals computing on their union forest', () => {
    fc.assert(
      fc.property(forestArb('a'), forestArb('b'), windowArb, (a, b, window) => {
        const summed = cascadeMetrics(sumCascadeComponents([cascadeComponents(a, window), cascadeComponents(b, window)]));
        const joined = cascadeMetrics(cascadeComponents(union(a, b), window));
        expect(summed.links).toBe(joined.links);
        expect(summed.generationSizes).toEqual(joined.generationSizes);
        expect(summed.perGenerationK).toEqual(joined.perGenerationK);
        expect(summed.kFactor).toBe(joined.kFactor);
        expect(summed.invitesPerShare).toBe(joined.invitesPerShare);
        expect(summed.reshareRate).toBe(joined.reshareRate);
        expect(summed.viralCycleTimeSeconds).toBe(joined.viralCycleTimeSeconds);
        expect(summed.largestCascade).toEqual(joined.largestCascade);
        if (joined.structuralVirality === null) expect(summed.structuralVirality).toBeNull();
        else expect(summed.structuralVirality).toBeCloseTo(joined.structuralVirality, 9);
      }),
    );
  });

  it('summing is insensitive to the order of the contents', () => {
    fc.assert(
      fc.property(forestArb('a'), forestArb('b'), forestArb('c'), windowArb, (a, b, c, window) => {
        const parts = [a, b, c].map((f) => cascadeComponents(f, window));
        const forward = cascadeMetrics(sumCascadeComponents(parts));
        const backward = cascadeMetrics(sumCascadeComponents([...parts].reverse()));
        expect(backward).toEqual({
          ...forward,
          structuralVirality: backward.structuralVirality === null ? null : expect.closeTo(forward.structuralVirality!, 9),
        });
      }),
    );
  });
});

describe('K-factor (property)', () => {
  it('invitesPerShare · reshareRate = kFactor whenever both are defined', () => {
    fc.assert(
      fc.property(forestArb('a'), windowArb, (forest, window) => {
        const metrics = cascadeMetrics(cascadeComponents(forest, window));
        fc.pre(metrics.reshareRate !== null);
        expect(metrics.invitesPerShare! * metrics.reshareRate!).toBeCloseTo(metrics.kFactor!, 12);
      }),
    );
  });

  it('with kWindow=all is (L − N_0 − N_1)/(L − N_0) on consistent forests', () => {
    fc.assert(
      fc.property(forestArb('a'), fc.integer(), (forest, eventsThroughMs) => {
        const metrics = cascadeMetrics(cascadeComponents(forest, { windowMs: null, eventsThroughMs }));
        const [n0 = 0, n1 = 0] = metrics.generationSizes;
        const L = metrics.links;
        expect(metrics.kFactor).toBe(L - n0 === 0 ? null : (L - n0 - n1) / (L - n0));
      }),
    );
  });

  it('never counts more children, nor more mature links, with a narrower window', () => {
    fc.assert(
      fc.property(forestArb('a'), fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 3_000 }), (forest, w, extra) => {
        const eventsThroughMs = T0 + 40_000;
        const narrow = cascadeComponents(forest, { windowMs: w, eventsThroughMs });
        const wide = cascadeComponents(forest, { windowMs: w + extra, eventsThroughMs });
        const all = cascadeComponents(forest, { windowMs: null, eventsThroughMs });
        // Every link here is older than both windows, so maturity is the same; only the counted
        // children can grow with the window.
        expect(narrow.matureLinks).toBe(wide.matureLinks);
        expect(wide.matureLinks).toBe(all.matureLinks);
        expect(narrow.countedChildren).toBeLessThanOrEqual(wide.countedChildren);
        expect(wide.countedChildren).toBeLessThanOrEqual(all.countedChildren);
      }),
    );
  });
});

describe('order independence (property)', () => {
  it('gives the same metrics for a Galton–Watson forest and any shuffle of its links', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), windowArb, (randomSeed, shuffleSeed, window) => {
        const forest = galtonWatsonForest({ randomSeed, seeds: 5, meanOffspring: 1.2, maxLinks: 300, startMs: T0, meanDelayMs: 2_000 });
        const original = cascadeMetrics(cascadeComponents(forest, window));
        const shuffled = cascadeMetrics(cascadeComponents(shuffleForest(forest, shuffleSeed), window));
        expect(shuffled).toEqual({
          ...original,
          structuralVirality: original.structuralVirality === null ? null : expect.closeTo(original.structuralVirality, 9),
          largestCascade:
            original.largestCascade === null
              ? null
              : {
                  ...original.largestCascade,
                  structuralVirality:
                    original.largestCascade.structuralVirality === null ? null : expect.closeTo(original.largestCascade.structuralVirality, 9),
                },
        });
      }),
      { numRuns: 50 },
    );
  });
});
