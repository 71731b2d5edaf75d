// The cascade metrics of docs/contract.md §3 (links per generation, depth, breadth, K-factor and its i·c
// decomposition, structural virality, largest cascade, viral cycle time). Pure functions over
// typed columns, split in two steps so that a campaign can add its contents up before any ratio
// is taken (docs/contract.md §6: sum the counts, recompute the ratios):
//   cascadeComponents(forest) → additive parts;  sumCascadeComponents(parts) → their sum;
//   cascadeMetrics(parts) → the report fields.

import { indexForest, indexOfForest } from './forest-index.js';
import { kParts } from './k-factor.js';
import { median } from './median.js';
import { structuralVirality, treeShapes } from './structural-virality.js';
import type { CascadeComponents, CascadeMetrics, Forest, KWindow } from './types.js';

export { wienerIndex } from './structural-virality.js';

type Largest = NonNullable<CascadeComponents['largest']>;

export function emptyCascadeComponents(): CascadeComponents {
  return {
    generationSizes: [],
    viralityWeighted: 0,
    viralityWeight: 0,
    largest: null,
    cycleTimesSeconds: [],
    matureLinks: 0,
    countedChildren: 0,
    matureVisitors: 0,
  };
}

/** The biggest tree wins; ties go to the earlier root, then to the smaller root code. */
function isLarger(size: number, createdAtMs: number, code: string, thanSize: number, thanCreatedAtMs: number, thanCode: string): boolean {
  if (size !== thanSize) return size > thanSize;
  if (createdAtMs !== thanCreatedAtMs) return createdAtMs < thanCreatedAtMs;
  return code < thanCode;
}

const isLargerTree = (a: Largest, b: Largest) => isLarger(a.size, a.rootCreatedAtMs, a.rootCode, b.size, b.rootCreatedAtMs, b.rootCode);

/**
 * One content's additive cascade components, in O(n) time and a few typed arrays of n entries.
 * Generation sizes come from the stored `generation`; trees, depths, cycle times and K's children
 * come from the parent column, cleaned by {@link indexForest} (a parent out of range makes a root).
 * A tree's depth is its height along those parent links, which for consistent data is its deepest
 * generation minus its root's, and stays meaningful when a stored generation is off.
 */
export function cascadeComponents(forest: Forest, window: KWindow): CascadeComponents {
  const n = forest.size;
  if (n === 0) return emptyCascadeComponents();
  const { generation, createdAtMs, codeOf } = forest;

  // Negative generations cannot be stored; counted at 0 so that Σ N_g stays the number of links.
  let maxGeneration = 0;
  for (let i = 0; i < n; i++) if (generation[i]! > maxGeneration) maxGeneration = generation[i]!;
  const counts = new Float64Array(maxGeneration + 1);
  for (let i = 0; i < n; i++) counts[Math.max(0, generation[i]!)]!++;

  const index = indexOfForest(forest);
  const { parent } = index;
  const shapes = treeShapes(index);

  let viralityWeighted = 0;
  let viralityWeight = 0;
  let best = -1;
  for (let r = 0; r < n; r++) {
    if (parent[r]! >= 0) continue;
    const size = shapes.subtreeSize[r]!;
    const nu = structuralVirality(shapes.wiener[r]!, size);
    if (nu !== null) {
      viralityWeighted += size * nu;
      viralityWeight += size;
    }
    if (best < 0 || isLarger(size, createdAtMs[r]!, codeOf(r), shapes.subtreeSize[best]!, createdAtMs[best]!, codeOf(best))) {
      best = r;
    }
  }

  const largestSize = shapes.subtreeSize[best]!;
  const largest: Largest = {
    rootCode: codeOf(best),
    size: largestSize,
    depth: shapes.height[best]!,
    structuralVirality: structuralVirality(shapes.wiener[best]!, largestSize),
    rootCreatedAtMs: createdAtMs[best]!,
  };

  // Counted first and filled into a presized array: about twice as fast as a million pushes.
  let reshareEdges = 0;
  for (let i = 0; i < n; i++) if (parent[i]! >= 0 && generation[i]! >= 1) reshareEdges++;
  const cycleTimesSeconds = new Array<number>(reshareEdges);
  for (let i = 0, k = 0; i < n; i++) {
    const p = parent[i]!;
    // A child stamped before its parent (clocks of two Lambdas a few ms apart) took no time, not less.
    if (p >= 0 && generation[i]! >= 1) cycleTimesSeconds[k++] = Math.max(0, createdAtMs[i]! - createdAtMs[p]!) / 1000;
  }

  return {
    generationSizes: Array.from(counts),
    viralityWeighted,
    viralityWeight,
    largest,
    cycleTimesSeconds,
    ...kParts(parent, generation, createdAtMs, forest.uniqueVisitors, window),
  };
}

/** Adds contents' components up (a campaign); the empty sum is the empty forest's components. */
export function sumCascadeComponents(parts: readonly CascadeComponents[]): CascadeComponents {
  const sum = emptyCascadeComponents();
  for (const part of parts) {
    part.generationSizes.forEach((count, g) => {
      sum.generationSizes[g] = (sum.generationSizes[g] ?? 0) + count;
    });
    sum.viralityWeighted += part.viralityWeighted;
    sum.viralityWeight += part.viralityWeight;
    if (part.largest !== null && (sum.largest === null || isLargerTree(part.largest, sum.largest))) {
      sum.largest = { ...part.largest };
    }
    // A loop, not push(...spread): a million cycle times would overflow the argument stack.
    for (const t of part.cycleTimesSeconds) sum.cycleTimesSeconds.push(t);
    sum.matureLinks += part.matureLinks;
    sum.countedChildren += part.countedChildren;
    sum.matureVisitors += part.matureVisitors;
  }
  return sum;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/** The report's cascade fields from (possibly summed) components. Does not modify its input. */
export function cascadeMetrics(c: CascadeComponents): CascadeMetrics {
  // Trailing empty generations (possible only in hand-built components) carry no information and
  // would make perGenerationK longer than depth + 1.
  let length = c.generationSizes.length;
  while (length > 0 && c.generationSizes[length - 1] === 0) length--;
  const generationSizes = c.generationSizes.slice(0, length);

  const links = generationSizes.reduce((a, b) => a + b, 0);
  const seedLinks = generationSizes[0] ?? 0;
  const depth = Math.max(0, length - 1);
  const maxBreadth = generationSizes.reduce((a, b) => Math.max(a, b), 0);

  // k_g = N_{g+1} / N_g, the last 0. A gap (N_g = 0 with deeper links, which consistent data
  // cannot produce) gives 0 rather than NaN or Infinity, which JSON cannot carry.
  const perGenerationK = generationSizes.map((size, g) => {
    const next = generationSizes[g + 1] ?? 0;
    return size === 0 ? 0 : next / size;
  });

  const largestCascade =
    c.largest === null
      ? null
      : {
          rootCode: c.largest.rootCode,
          size: c.largest.size,
          depth: c.largest.depth,
          structuralVirality: c.largest.structuralVirality,
        };

  return {
    links,
    seedLinks,
    reshares: links - seedLinks,
    generationSizes,
    depth,
    maxBreadth,
    seedFanout: ratio(generationSizes[1] ?? 0, seedLinks),
    kFactor: ratio(c.countedChildren, c.matureLinks),
    invitesPerShare: ratio(c.matureVisitors, c.matureLinks),
    reshareRate: ratio(c.countedChildren, c.matureVisitors),
    perGenerationK,
    structuralVirality: ratio(c.viralityWeighted, c.viralityWeight),
    largestCascade,
    viralCycleTimeSeconds: median(c.cycleTimesSeconds),
  };
}

export interface LinkInput {
  code: string;
  parent: string | null;
  createdAtMs: number;
  generation: number;
  uniqueVisitors: number;
}

/**
 * The forest's columns for `links`, with each link's parent position (−1 for a seed) and unique
 * visitors from the caller: filled in one pass, no copy of the links.
 */
export function forestOf(
  links: readonly Pick<LinkInput, 'code' | 'createdAtMs' | 'generation'>[],
  parentOf: (i: number) => number,
  visitorsOf: (i: number) => number,
): Forest {
  const n = links.length;
  const forest: Forest = {
    size: n,
    codeOf: (i) => links[i]?.code ?? '',
    parent: new Int32Array(n),
    createdAtMs: new Float64Array(n),
    generation: new Int32Array(n),
    uniqueVisitors: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const link = links[i] as Pick<LinkInput, 'createdAtMs' | 'generation'>;
    forest.parent[i] = parentOf(i);
    forest.createdAtMs[i] = link.createdAtMs;
    forest.generation[i] = link.generation;
    forest.uniqueVisitors[i] = visitorsOf(i);
  }
  return forest;
}

/**
 * Builds a {@link Forest} from links that name their parent by code. A parent code that is not
 * among the links (or is null) makes the link a seed (parent −1). When a code repeats, parents
 * resolve to its first occurrence.
 */
export function forestFromLinks(links: readonly LinkInput[]): Forest {
  const indexOf = new Map<string, number>();
  links.forEach((link, i) => {
    if (!indexOf.has(link.code)) indexOf.set(link.code, i);
  });
  return forestOf(
    links,
    (i) => {
      const parent = (links[i] as LinkInput).parent;
      return parent === null ? -1 : (indexOf.get(parent) ?? -1);
    },
    (i) => (links[i] as LinkInput).uniqueVisitors,
  );
}
