import { describe, expect, it } from 'vitest';
import {
  cascadeComponents,
  cascadeMetrics,
  emptyCascadeComponents,
  forestFromLinks,
  type LinkInput,
  sumCascadeComponents,
  wienerIndex,
} from '../../../../shared/domain/metrics/cascade.js';
import type { CascadeComponents, Forest, KWindow } from '../../../../shared/domain/metrics/types.js';

const T0 = Date.UTC(2024, 5, 1);
const s = (seconds: number) => T0 + seconds * 1000;
const ALL: KWindow = { windowMs: null, eventsThroughMs: s(1_000_000) };

/** A single tree from a parent column (parent[0] = −1), one second between generations. */
function treeFromParents(parents: number[]): Forest {
  const n = parents.length;
  const generation = new Int32Array(n);
  const createdAtMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = parents[i]!;
    generation[i] = p < 0 ? 0 : generation[p]! + 1;
    createdAtMs[i] = s(generation[i]!);
  }
  return {
    size: n,
    codeOf: (i) => `link${String(i).padStart(4, '0')}`,
    parent: Int32Array.from(parents),
    createdAtMs,
    generation,
    uniqueVisitors: new Float64Array(n).fill(1),
  };
}

const star = (n: number) => treeFromParents(Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0)));
const path = (n: number) => treeFromParents(Array.from({ length: n }, (_, i) => i - 1));
const metricsOf = (forest: Forest, window: KWindow = ALL) => cascadeMetrics(cascadeComponents(forest, window));

describe('structural virality of single trees (docs/contract.md §3 closed forms)', () => {
  it.each([2, 3, 5, 10, 100])('a star of %i nodes gives 2(n−1)/n', (n) => {
    expect(metricsOf(star(n)).structuralVirality).toBeCloseTo((2 * (n - 1)) / n, 12);
  });

  it.each([2, 3, 4, 10, 100])('a path of %i nodes gives (n+1)/3', (n) => {
    expect(metricsOf(path(n)).structuralVirality).toBeCloseTo((n + 1) / 3, 12);
  });

  it('is null for a lone seed link (n = 1), for the tree and for the content', () => {
    const metrics = metricsOf(star(1));
    expect(metrics.structuralVirality).toBeNull();
    expect(metrics.largestCascade).toEqual({ rootCode: 'link0000', size: 1, depth: 0, structuralVirality: null });
  });

  it('is exactly 1 for a seed with one re-share (n = 2)', () => {
    expect(metricsOf(path(2)).structuralVirality).toBe(1);
  });

  it('leaves out single-node trees from the node-weighted mean', () => {
    // A path of 4 (ν = 5/3) plus two lone seeds: the lone seeds carry no weight.
    const forest = forestFromLinks([
      { code: 'p0', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 0 },
      { code: 'p1', parent: 'p0', createdAtMs: s(1), generation: 1, uniqueVisitors: 0 },
      { code: 'p2', parent: 'p1', createdAtMs: s(2), generation: 2, uniqueVisitors: 0 },
      { code: 'p3', parent: 'p2', createdAtMs: s(3), generation: 3, uniqueVisitors: 0 },
      { code: 'lone1', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 0 },
      { code: 'lone2', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 0 },
    ]);
    expect(metricsOf(forest).structuralVirality).toBeCloseTo(5 / 3, 12);
  });
});

describe('wienerIndex', () => {
  it('is (n−1)² for a star (n−1 pairs at distance 1, C(n−1,2) at distance 2)', () => {
    expect(wienerIndex(star(7).parent)).toBe(36);
  });

  it('is n(n−1)(n+1)/6 for a path', () => {
    expect(wienerIndex(path(6).parent)).toBe((6 * 5 * 7) / 6);
  });

  it('is 0 for a single node and for an empty column', () => {
    expect(wienerIndex(Int32Array.of(-1))).toBe(0);
    expect(wienerIndex(new Int32Array(0))).toBe(0);
  });

  it('does not depend on the order of the column', () => {
    // Path 0–1–2–3 stored as [3, 1, 0, 2]: W = 1+2+3 + 1+2 + 1 = 10.
    expect(wienerIndex(Int32Array.of(3, 2, -1, 1))).toBe(10);
  });

  it('refuses a column holding more than one tree', () => {
    expect(() => wienerIndex(Int32Array.of(-1, -1))).toThrow(RangeError);
  });
});

// A hand-worked forest. Window w = 10 s; events through t = 100 s. Times in seconds.
//
//   tree A (root a, t=0)                       tree B (root s, t=20)
//     a ─┬─ b (t=5)  ─┬─ d (t=10) ── f (t=12)    s ── g (t=95) ── h (t=99)
//        │            └─ e (t=30)
//        └─ c (t=8)    (no children)
//
// visitors: a 10, b 4, c 1, d 3, e 2, f 0, s 6, g 5, h 1
//
// N = [2, 3, 3, 1] (a s | b c g | d e h | f): L = 9, seedLinks 2, reshares 7, depth 3,
// maxBreadth 3, seedFanout 3/2, perGenerationK [3/2, 3/3, 1/3, 0].
//
// K with w = 10 s. Re-share links and their age at t = 100:
//   b 95 ✓, c 92 ✓, d 90 ✓, e 70 ✓, f 88 ✓ (mature: age ≥ 10); g 5 ✗, h 1 ✗ (immature).
//   Children counted (created ≤ 10 s after the parent):
//     b: d (+5 ✓), e (+25 ✗) → 1;  c: none → 0;  d: f (+2 ✓) → 1;  e, f: none → 0.
//   g's child h is not counted: g is immature. K = 2 / 5 = 0.4.
//   i = visitors of mature links / their number = (4+1+3+2+0) / 5 = 2; c = 2 / 10 = 0.2.
// K with kWindow = all: all 7 re-share links mature; children of re-share links are
//   d, e (of b), f (of d), h (of g) → K = 4/7 = (L − N_0 − N_1)/(L − N_0) = (9−2−3)/(9−2).
//   i = (4+1+3+2+0+5+1)/7 = 16/7; c = 4/16.
//
// Structural virality. Tree A, n = 6; s·(n−s) per edge: a–b 4·2, a–c 1·5, b–d 2·4, b–e 1·5,
//   d–f 1·5 → W = 31, ν = 31/15. Tree B is a path of 3: ν = 4/3.
//   Content: (6·31/15 + 3·4/3) / (6 + 3) = 16.4 / 9 = 82/45.
// Largest cascade: tree A, size 6, depth 3 (a→b→d→f), ν 31/15.
// Cycle times (s): b 5, c 8, d 5, e 25, f 2, g 75, h 4 → sorted 2 4 5 5 8 25 75, median 5.
const handWorked: LinkInput[] = [
  // Deliberately not in topological order.
  { code: 'f', parent: 'd', createdAtMs: s(12), generation: 3, uniqueVisitors: 0 },
  { code: 'h', parent: 'g', createdAtMs: s(99), generation: 2, uniqueVisitors: 1 },
  { code: 'b', parent: 'a', createdAtMs: s(5), generation: 1, uniqueVisitors: 4 },
  { code: 'e', parent: 'b', createdAtMs: s(30), generation: 2, uniqueVisitors: 2 },
  { code: 's', parent: null, createdAtMs: s(20), generation: 0, uniqueVisitors: 6 },
  { code: 'd', parent: 'b', createdAtMs: s(10), generation: 2, uniqueVisitors: 3 },
  { code: 'a', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 10 },
  { code: 'g', parent: 's', createdAtMs: s(95), generation: 1, uniqueVisitors: 5 },
  { code: 'c', parent: 'a', createdAtMs: s(8), generation: 1, uniqueVisitors: 1 },
];
const WINDOW_10S: KWindow = { windowMs: 10_000, eventsThroughMs: s(100) };

describe('cascadeMetrics on a hand-worked forest', () => {
  const forest = forestFromLinks(handWorked);

  it('gives every field worked out by hand with a 10 s K window', () => {
    const metrics = metricsOf(forest, WINDOW_10S);
    expect(metrics).toEqual({
      links: 9,
      seedLinks: 2,
      reshares: 7,
      generationSizes: [2, 3, 3, 1],
      depth: 3,
      maxBreadth: 3,
      seedFanout: 1.5,
      kFactor: expect.closeTo(0.4, 12),
      invitesPerShare: 2,
      reshareRate: expect.closeTo(0.2, 12),
      perGenerationK: [1.5, 1, expect.closeTo(1 / 3, 12), 0],
      structuralVirality: expect.closeTo(82 / 45, 12),
      largestCascade: { rootCode: 'a', size: 6, depth: 3, structuralVirality: expect.closeTo(31 / 15, 12) },
      viralCycleTimeSeconds: 5,
    });
  });

  it('with kWindow=all counts every re-share link and child: K = (L − N_0 − N_1)/(L − N_0)', () => {
    const metrics = metricsOf(forest, { windowMs: null, eventsThroughMs: s(0) });
    expect(metrics.kFactor).toBeCloseTo((9 - 2 - 3) / (9 - 2), 12);
    expect(metrics.invitesPerShare).toBeCloseTo(16 / 7, 12);
    expect(metrics.reshareRate).toBeCloseTo(4 / 16, 12);
  });

  it('keeps the components additive: counts and sums, cycle times unsorted', () => {
    const components = cascadeComponents(forest, WINDOW_10S);
    expect(components.matureLinks).toBe(5);
    expect(components.countedChildren).toBe(2);
    expect(components.matureVisitors).toBe(10);
    expect(components.viralityWeight).toBe(9);
    expect(components.viralityWeighted).toBeCloseTo(6 * (31 / 15) + 3 * (4 / 3), 12);
    expect([...components.cycleTimesSeconds].sort((x, y) => x - y)).toEqual([2, 4, 5, 5, 8, 25, 75]);
    expect(components.largest).toEqual({
      rootCode: 'a',
      size: 6,
      depth: 3,
      structuralVirality: expect.closeTo(31 / 15, 12),
      rootCreatedAtMs: s(0),
    });
  });
});

describe('K-factor window bounds are inclusive (docs/contract.md §6)', () => {
  const W = 60_000;
  // r (seed) → x (re-share link at t = 0, 4 visitors) → children at the given delays.
  const links = (childDelays: number[]): LinkInput[] => [
    { code: 'r', parent: null, createdAtMs: s(-1), generation: 0, uniqueVisitors: 1 },
    { code: 'x', parent: 'r', createdAtMs: s(0), generation: 1, uniqueVisitors: 4 },
    ...childDelays.map((delay, i) => ({ code: `c${i}`, parent: 'x', createdAtMs: s(0) + delay, generation: 2, uniqueVisitors: 0 })),
  ];
  const componentsOf = (childDelays: number[], eventsThroughMs: number) =>
    cascadeComponents(forestFromLinks(links(childDelays)), { windowMs: W, eventsThroughMs });

  it('a link is mature when eventsThrough − createdAt equals the window exactly', () => {
    const components = componentsOf([], s(0) + W);
    expect(components.matureLinks).toBe(1);
    expect(components.matureVisitors).toBe(4);
    expect(cascadeMetrics(components).kFactor).toBe(0);
  });

  it('a link is not mature 1 ms before that, so K is null', () => {
    const components = componentsOf([], s(0) + W - 1);
    expect(components.matureLinks).toBe(0);
    expect(cascadeMetrics(components).kFactor).toBeNull();
  });

  it('a child created exactly the window after its parent counts', () => {
    expect(componentsOf([W], s(0) + W).countedChildren).toBe(1);
  });

  it('a child created the window + 1 ms after its parent does not count', () => {
    expect(componentsOf([W + 1], s(0) + W).countedChildren).toBe(0);
  });

  it('counts the children on each side of the bound separately', () => {
    // Children at +0 and +W count, +W+1 ms and +2W do not. The child at +0 is itself a mature
    // re-share link (age W at eventsThrough) with no children: K = (2 + 0) / 2.
    const components = componentsOf([0, W, W + 1, 2 * W], s(0) + W);
    expect(components.countedChildren).toBe(2);
    expect(components.matureLinks).toBe(2);
    expect(cascadeMetrics(components).kFactor).toBe(1);
  });

  it('does not treat seed links as mature links, however old', () => {
    const seedsOnly = forestFromLinks([
      { code: 'r1', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 5 },
      { code: 'r2', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 5 },
    ]);
    const metrics = metricsOf(seedsOnly, { windowMs: W, eventsThroughMs: s(1_000_000) });
    expect(metrics.kFactor).toBeNull();
    expect(metrics.invitesPerShare).toBeNull();
    expect(metrics.reshareRate).toBeNull();
  });

  it('gives a null reshareRate but a defined K and i when mature links had no visitors', () => {
    const metrics = metricsOf(
      forestFromLinks([
        { code: 'r', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 0 },
        { code: 'x', parent: 'r', createdAtMs: s(0), generation: 1, uniqueVisitors: 0 },
      ]),
      ALL,
    );
    expect(metrics.kFactor).toBe(0);
    expect(metrics.invitesPerShare).toBe(0);
    expect(metrics.reshareRate).toBeNull();
  });
});

describe('largest cascade ties', () => {
  const pair = (root: string, at: number): LinkInput[] => [
    { code: root, parent: null, createdAtMs: s(at), generation: 0, uniqueVisitors: 0 },
    { code: `${root}-child`, parent: root, createdAtMs: s(at + 1), generation: 1, uniqueVisitors: 0 },
  ];

  it('prefers the bigger tree, whatever its age', () => {
    const links = [...pair('early', 0), ...pair('late', 50), { code: 'late-2', parent: 'late', createdAtMs: s(52), generation: 1, uniqueVisitors: 0 }];
    expect(metricsOf(forestFromLinks(links)).largestCascade?.rootCode).toBe('late');
  });

  it('breaks a size tie by the earlier root', () => {
    expect(metricsOf(forestFromLinks([...pair('zzz', 10), ...pair('aaa', 20)])).largestCascade?.rootCode).toBe('zzz');
  });

  it('breaks a size and time tie by the smaller root code', () => {
    expect(metricsOf(forestFromLinks([...pair('bbb', 10), ...pair('aaa', 10)])).largestCascade?.rootCode).toBe('aaa');
  });

  it('applies the same rules when summing contents', () => {
    const first = cascadeComponents(forestFromLinks(pair('bbb', 10)), ALL);
    const second = cascadeComponents(forestFromLinks(pair('aaa', 10)), ALL);
    const third = cascadeComponents(forestFromLinks(pair('ccc', 5)), ALL);
    expect(sumCascadeComponents([first, second]).largest?.rootCode).toBe('aaa');
    expect(sumCascadeComponents([first, second, third]).largest?.rootCode).toBe('ccc');
  });
});

describe('viral cycle time', () => {
  it('is the mean of the two middle values for an even count', () => {
    // Root r with children at +1 s, +2 s, +10 s and +40 s: median (2 + 10) / 2 = 6.
    const links: LinkInput[] = [
      { code: 'r', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 0 },
      ...[40, 1, 10, 2].map((delay) => ({ code: `c${delay}`, parent: 'r', createdAtMs: s(delay), generation: 1, uniqueVisitors: 0 })),
    ];
    expect(metricsOf(forestFromLinks(links)).viralCycleTimeSeconds).toBe(6);
  });

  it('keeps sub-second precision', () => {
    const links: LinkInput[] = [
      { code: 'r', parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 0 },
      { code: 'c', parent: 'r', createdAtMs: s(0) + 1_250, generation: 1, uniqueVisitors: 0 },
    ];
    expect(metricsOf(forestFromLinks(links)).viralCycleTimeSeconds).toBe(1.25);
  });

  it('is null with seed links only', () => {
    expect(metricsOf(star(1)).viralCycleTimeSeconds).toBeNull();
  });

  it('does not reorder the components it is computed from', () => {
    const components: CascadeComponents = { ...emptyCascadeComponents(), cycleTimesSeconds: [3, 1, 2] };
    expect(cascadeMetrics(components).viralCycleTimeSeconds).toBe(2);
    expect(components.cycleTimesSeconds).toEqual([3, 1, 2]);
  });
});

describe('empty and degenerate inputs', () => {
  const emptyMetrics = {
    links: 0,
    seedLinks: 0,
    reshares: 0,
    generationSizes: [],
    depth: 0,
    maxBreadth: 0,
    seedFanout: null,
    kFactor: null,
    invitesPerShare: null,
    reshareRate: null,
    perGenerationK: [],
    structuralVirality: null,
    largestCascade: null,
    viralCycleTimeSeconds: null,
  };

  it('an empty forest gives zero counts and null ratios', () => {
    expect(metricsOf(forestFromLinks([]))).toEqual(emptyMetrics);
  });

  it('the sum of no components is the empty forest', () => {
    expect(sumCascadeComponents([])).toEqual(emptyCascadeComponents());
    expect(cascadeMetrics(sumCascadeComponents([]))).toEqual(emptyMetrics);
  });

  it('seed links only: depth 0, seedFanout 0, perGenerationK [0]', () => {
    const metrics = metricsOf(forestFromLinks(['a', 'b', 'c'].map((code) => ({ code, parent: null, createdAtMs: s(0), generation: 0, uniqueVisitors: 1 }))));
    expect(metrics).toMatchObject({ links: 3, seedLinks: 3, reshares: 0, depth: 0, maxBreadth: 3, seedFanout: 0, perGenerationK: [0] });
  });

  it('seedFanout is null when there are links but no seed among them', () => {
    const components: CascadeComponents = { ...emptyCascadeComponents(), generationSizes: [0, 2, 1] };
    const metrics = cascadeMetrics(components);
    expect(metrics.seedFanout).toBeNull();
    // A generation with no links cannot be divided by; it reports k = 0.
    expect(metrics.perGenerationK).toEqual([0, 0.5, 0]);
  });

  it('ignores trailing empty generations of hand-built components', () => {
    const components: CascadeComponents = { ...emptyCascadeComponents(), generationSizes: [2, 1, 0, 0] };
    expect(cascadeMetrics(components)).toMatchObject({ depth: 1, generationSizes: [2, 1], perGenerationK: [0.5, 0] });
  });
});

describe('forestFromLinks', () => {
  it('resolves parent codes to indices and keeps the columns', () => {
    const forest = forestFromLinks([
      { code: 'child', parent: 'root', createdAtMs: 2000, generation: 1, uniqueVisitors: 3 },
      { code: 'root', parent: null, createdAtMs: 1000, generation: 0, uniqueVisitors: 7 },
    ]);
    expect(forest.size).toBe(2);
    expect([0, 1].map(forest.codeOf)).toEqual(['child', 'root']);
    expect([...forest.parent]).toEqual([1, -1]);
    expect([...forest.createdAtMs]).toEqual([2000, 1000]);
    expect([...forest.generation]).toEqual([1, 0]);
    expect([...forest.uniqueVisitors]).toEqual([3, 7]);
  });

  it('treats a link whose parent code is unknown as a seed', () => {
    const forest = forestFromLinks([{ code: 'orphan', parent: 'missing', createdAtMs: 0, generation: 2, uniqueVisitors: 0 }]);
    expect([...forest.parent]).toEqual([-1]);
  });
});

describe('defensive structure', () => {
  it('treats a link whose parent index is out of range as the root of its own tree', () => {
    const forest = treeFromParents([-1, 0, 0]);
    forest.parent[2] = 99; // link 2 now hangs from nowhere
    const components = cascadeComponents(forest, ALL);
    // Trees {0, 1} (ν 1) and {2} (alone); the out-of-range link has no cycle time.
    expect(components.viralityWeight).toBe(2);
    expect(components.largest?.size).toBe(2);
    expect(components.cycleTimesSeconds).toEqual([1]);
  });

  it('breaks a parent cycle at its earliest link instead of losing the links on it', () => {
    // 0 → 1 → 2 → 0 (a cycle) and 3 hanging from 1. Earliest on the cycle is link 1 (t = 0).
    const forest = treeFromParents([-1, -1, -1, -1]);
    forest.parent.set([2, 0, 1, 1]);
    forest.createdAtMs.set([s(5), s(0), s(9), s(3)]);
    const components = cascadeComponents(forest, ALL);
    // As a tree rooted at 1: 1 → {0, 3}, 0 → 2; 4 nodes, height 2.
    expect(components.largest).toMatchObject({ rootCode: 'link0001', size: 4, depth: 2 });
    // Edges 1–0 (s = 2): 2·2, 1–3: 1·3, 0–2: 1·3 → W = 10, ν = 10/6.
    expect(components.largest?.structuralVirality).toBeCloseTo(10 / 6, 12);
  });

  it('treats a link that is its own parent as a root', () => {
    const forest = treeFromParents([-1, 0]);
    forest.parent[0] = 0;
    expect(cascadeComponents(forest, ALL).largest).toMatchObject({ rootCode: 'link0000', size: 2, depth: 1 });
  });
});
