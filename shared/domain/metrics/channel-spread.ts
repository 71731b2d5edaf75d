// How far each channel's shares spread downstream (docs/metrics.md, "Breakdowns"): direct re-shares
// alone let a channel whose shares died at once outrank one whose shares went generations deep.
// Linear in the links whatever the number of channels, a few typed arrays, no recursion (chains
// can be tens of thousands of links deep).

import { indexOfForest } from './forest-index.js';
import type { Forest } from './types.js';

export interface ChannelSpread {
  /** Distinct links at least one generation below some link of the channel (counted once however many such links are above them). */
  downstreamLinks: number;
  /** The most generations below any one link of the channel; 0 when none was re-shared. */
  deepestSpread: number;
}

/**
 * Each channel's spread, by channel number: `channelIds[i]` is link i's channel in [0, channels).
 * The parent column is cleaned as for the cascade metrics ({@link indexForest}), so the same trees
 * are measured and stored order is not assumed topological.
 *
 * The links below some c-link are exactly those below a *topmost* c-link (one with no c-link above
 * it), and topmost c-links' subtrees are disjoint: downstreamLinks(c) = Σ (subtree size − 1) over
 * them. In preorder a subtree is one contiguous run of ranks, so a c-link is topmost exactly when
 * its rank lies past the end of the last topmost c-link's run.
 */
export function channelSpread(forest: Pick<Forest, 'size' | 'parent' | 'createdAtMs'>, channelIds: Int32Array, channels: number): ChannelSpread[] {
  const { parent, order } = indexOfForest(forest);
  const { size, height } = subtreeSizesAndHeights(parent, order);
  const byRank = preorder(parent, order, size);

  const downstream = new Float64Array(channels);
  const deepest = new Int32Array(channels);
  const topmostEnd = new Int32Array(channels); // rank just past the last topmost link's subtree
  for (let rank = 0; rank < byRank.length; rank++) {
    const link = byRank[rank]!;
    const channel = channelIds[link]!;
    if (rank >= topmostEnd[channel]!) {
      downstream[channel]! += size[link]! - 1;
      topmostEnd[channel] = rank + size[link]!;
    }
    if (height[link]! > deepest[channel]!) deepest[channel] = height[link]!;
  }
  return Array.from({ length: channels }, (_, c) => ({ downstreamLinks: downstream[c]!, deepestSpread: deepest[c]! }));
}

/** Subtree sizes (the link included) and heights (generations below it), children before parents. */
function subtreeSizesAndHeights(parent: Int32Array, order: Int32Array): { size: Int32Array; height: Int32Array } {
  const n = parent.length;
  const size = new Int32Array(n).fill(1);
  const height = new Int32Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const link = order[k]!;
    const p = parent[link]!;
    if (p < 0) continue;
    size[p]! += size[link]!;
    if (height[link]! + 1 > height[p]!) height[p] = height[link]! + 1;
  }
  return { size, height };
}

/**
 * The links in a depth-first preorder, from a parents-first order and subtree sizes: each link's
 * rank is where its parent's next free slot was, and each subtree fills the ranks
 * [rank, rank + size) — no stack needed.
 */
function preorder(parent: Int32Array, order: Int32Array, size: Int32Array): Int32Array {
  const n = parent.length;
  const nextFreeRank = new Int32Array(n);
  const byRank = new Int32Array(n);
  let nextRootRank = 0;
  for (let k = 0; k < n; k++) {
    const link = order[k]!;
    const p = parent[link]!;
    let rank: number;
    if (p < 0) {
      rank = nextRootRank;
      nextRootRank += size[link]!;
    } else {
      rank = nextFreeRank[p]!;
      nextFreeRank[p]! += size[link]!;
    }
    nextFreeRank[link] = rank + 1;
    byRank[rank] = link;
  }
  return byRank;
}
