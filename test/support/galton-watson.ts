// A seedable Galton–Watson branching process that grows synthetic share cascades: every link
// independently gets a random number of re-shares (Poisson or geometric offspring), each created
// a random delay after its parent. A mean offspring just under 1 gives the heavy-tailed tree
// sizes of real cascades (most die at once, a few grow large). Used by property tests and the
// cascade-metrics benchmark; the same seed always yields the same forest.

import type { Forest } from '../../shared/domain/metrics/types.js';

/** A generated forest, its codes also as a column (tests compare them). */
export type GeneratedForest = Forest & { codes: string[] };

/** mulberry32: a tiny, fast 32-bit PRNG; uniform in [0, 1). Good enough for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GaltonWatsonOptions {
  /** PRNG seed; the same seed and options give the same forest. */
  randomSeed: number;
  /** Number of seed links (roots). Capped by `maxLinks`. */
  seeds: number;
  /** Mean number of re-shares per link. */
  meanOffspring: number;
  /** Offspring distribution, default Poisson. Geometric has the same mean and a heavier tail. */
  offspring?: 'poisson' | 'geometric';
  /** Growth stops, mid-generation if need be, once this many links exist. */
  maxLinks: number;
  /** Creation time of the seeds (epoch ms); default 2024-01-01T00:00:00Z. */
  startMs?: number;
  /** Seeds are spread uniformly over [startMs, startMs + seedSpreadMs); default 0 (all at startMs). */
  seedSpreadMs?: number;
  /** Mean parent-to-child delay (exponential, rounded to whole ms, at least 1 ms); default 1 h. */
  meanDelayMs?: number;
  /** Mean unique visitors per link beyond one per re-share it produced (Poisson); default 2. */
  meanExtraVisitors?: number;
}

function poisson(random: () => number, mean: number): number {
  // Knuth's method: fine for the small means of share cascades.
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

function geometric(random: () => number, mean: number): number {
  // Failures before the first success with p = 1/(1 + mean), so that E[k] = mean.
  if (mean <= 0) return 0;
  const p = 1 / (1 + mean);
  return Math.floor(Math.log(1 - random()) / Math.log(1 - p));
}

/**
 * Grows a forest breadth first across all trees at once, so that a `maxLinks` cut falls on the
 * youngest generation of every tree rather than erasing whole late trees. Links are returned in
 * breadth-first order (not creation order): every parent precedes its children, generations are
 * parent + 1, and createdAt strictly increases along every edge. Codes are 8 base-36 digits of
 * the index, so code order is index order.
 */
export function galtonWatsonForest(options: GaltonWatsonOptions): GeneratedForest {
  const random = mulberry32(options.randomSeed);
  const max = Math.max(0, Math.floor(options.maxLinks));
  const draw = options.offspring === 'geometric' ? geometric : poisson;
  const startMs = options.startMs ?? Date.UTC(2024, 0, 1);
  const seedSpreadMs = options.seedSpreadMs ?? 0;
  const meanDelayMs = options.meanDelayMs ?? 3_600_000;
  const meanExtraVisitors = options.meanExtraVisitors ?? 2;

  const parent = new Int32Array(max);
  const createdAtMs = new Float64Array(max);
  const generation = new Int32Array(max);
  const uniqueVisitors = new Float64Array(max);

  let size = 0;
  for (; size < Math.min(options.seeds, max); size++) {
    parent[size] = -1;
    createdAtMs[size] = startMs + Math.floor(random() * seedSpreadMs);
  }
  for (let head = 0; head < size; head++) {
    const children = Math.min(draw(random, options.meanOffspring), max - size);
    for (let c = 0; c < children; c++) {
      parent[size] = head;
      generation[size] = generation[head]! + 1;
      const delay = Math.max(1, Math.round(-Math.log(1 - random()) * meanDelayMs));
      createdAtMs[size] = createdAtMs[head]! + delay;
      size++;
    }
    uniqueVisitors[head] = children + poisson(random, meanExtraVisitors);
  }

  const codes = new Array<string>(size);
  for (let i = 0; i < size; i++) codes[i] = i.toString(36).padStart(8, '0');
  return {
    size,
    codes,
    codeOf: (i) => codes[i] ?? '',
    parent: parent.slice(0, size),
    createdAtMs: createdAtMs.slice(0, size),
    generation: generation.slice(0, size),
    uniqueVisitors: uniqueVisitors.slice(0, size),
  };
}

/** The same forest with its links in a random order (parents remapped), to exercise code that must not assume topological order. */
export function shuffleForest(forest: GeneratedForest, randomSeed: number): GeneratedForest {
  const random = mulberry32(randomSeed);
  const n = forest.size;
  // position[i] = where old link i goes; a Fisher–Yates shuffle of the identity.
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = position[i]!;
    position[i] = position[j]!;
    position[j] = t;
  }
  const codes = new Array<string>(n);
  const parent = new Int32Array(n);
  const createdAtMs = new Float64Array(n);
  const generation = new Int32Array(n);
  const uniqueVisitors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const to = position[i]!;
    const p = forest.parent[i]!;
    codes[to] = forest.codes[i]!;
    parent[to] = p >= 0 ? position[p]! : -1;
    createdAtMs[to] = forest.createdAtMs[i]!;
    generation[to] = forest.generation[i]!;
    uniqueVisitors[to] = forest.uniqueVisitors[i]!;
  }
  return { size: n, codes, codeOf: (i) => codes[i] ?? '', parent, createdAtMs, generation, uniqueVisitors };
}
