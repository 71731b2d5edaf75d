// The additive parts of the K-factor (docs/contract.md §3, bounds inclusive per §6). K is the mean number of
// children of a *mature* re-share link, counting only children created within the window, so a
// cascade that is still growing is not judged by leaves that have had no time to be re-shared.
// Kept as sums (links, children, visitors) so contents add up into a campaign before dividing.

import type { KWindow } from './types.js';

export interface KParts {
  matureLinks: number;
  countedChildren: number;
  matureVisitors: number;
}

/**
 * One pass over the links. A re-share link (stored generation ≥ 1) is mature when
 * `eventsThroughMs − createdAtMs ≥ windowMs`; a child of a mature re-share link counts when
 * `child.createdAtMs − parent.createdAtMs ≤ windowMs`. With `windowMs` null (`kWindow=all`) every
 * re-share link is mature and every child counts. `parent` is the cleaned column of
 * {@link indexForest}, so children are exactly the tree edges the other metrics see.
 */
export function kParts(
  parent: Int32Array,
  generation: Int32Array,
  createdAtMs: Float64Array,
  uniqueVisitors: Float64Array,
  { windowMs, eventsThroughMs }: KWindow,
): KParts {
  const n = parent.length;
  const isMature = (i: number) => generation[i]! >= 1 && (windowMs === null || eventsThroughMs - createdAtMs[i]! >= windowMs);
  let matureLinks = 0;
  let countedChildren = 0;
  let matureVisitors = 0;
  for (let i = 0; i < n; i++) {
    if (isMature(i)) {
      matureLinks++;
      matureVisitors += uniqueVisitors[i]!;
    }
    const p = parent[i]!;
    if (p >= 0 && isMature(p) && (windowMs === null || createdAtMs[i]! - createdAtMs[p]! <= windowMs)) {
      countedChildren++;
    }
  }
  return { matureLinks, countedChildren, matureVisitors };
}
