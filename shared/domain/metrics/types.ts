// The shape of one content's cascade forest as the metric maths sees it: columns of equal
// length, index i being one link. Pure data; no AWS, no I/O (docs/contract.md §3).

export interface Forest {
  size: number;
  /** Link i's code. A function, so that a structure makes only the few codes the maths reads (to break ties between trees). */
  codeOf: (i: number) => string;
  /** Index of the parent link, or -1 for a seed link. Order is not assumed topological. */
  parent: Int32Array;
  /** Creation time, epoch milliseconds. */
  createdAtMs: Float64Array;
  /** Generation as stored with the link: 0 for seeds, parent's + 1 otherwise. */
  generation: Int32Array;
  /** Unique (human) visitors of each link, for the i·c decomposition of K. */
  uniqueVisitors: Float64Array;
}

/** The K-factor maturity window (docs/contract.md §3, §6): `windowMs` null means `kWindow=all`. */
export interface KWindow {
  windowMs: number | null;
  eventsThroughMs: number;
}

export interface CascadeSummary {
  rootCode: string;
  size: number;
  depth: number;
  structuralVirality: number | null;
}

/**
 * What a content contributes to the cascade metrics, in additive form so that a campaign can sum
 * its contents' components and finalise once (docs/contract.md §6: sum counts, recompute ratios).
 */
export interface CascadeComponents {
  /** [N_0, N_1, …]: links per generation. */
  generationSizes: number[];
  /** Σ n·ν over the trees with n ≥ 2, and Σ n over those trees (node-weighted mean of ν). */
  viralityWeighted: number;
  viralityWeight: number;
  /** The biggest tree (ties: earlier root creation, then smaller root code); null if no links. */
  largest: (CascadeSummary & { rootCreatedAtMs: number }) | null;
  /** child.createdAt − parent.createdAt in seconds, one per re-share link whose parent is known. */
  cycleTimesSeconds: number[];
  /** Mature re-share links (generation ≥ 1), their children counted within the window, their visitors summed. */
  matureLinks: number;
  countedChildren: number;
  matureVisitors: number;
}

/** The cascade fields of the report (docs/contract.md §3). */
export interface CascadeMetrics {
  links: number;
  seedLinks: number;
  reshares: number;
  generationSizes: number[];
  depth: number;
  maxBreadth: number;
  seedFanout: number | null;
  kFactor: number | null;
  invitesPerShare: number | null;
  reshareRate: number | null;
  /** k_g = N_{g+1} / N_g for each generation g; the last is 0. */
  perGenerationK: number[];
  structuralVirality: number | null;
  largestCascade: CascadeSummary | null;
  viralCycleTimeSeconds: number | null;
}
