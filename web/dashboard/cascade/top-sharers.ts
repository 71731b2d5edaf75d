import type { CascadeNode } from '../api/types.js';
import type { Forest } from './forest.js';

// The links with the most links below them in the loaded tree. A count of the API's own structure
// (the nodes it returned), not a metric: the report's metrics are the API's (docs/metrics.md).

export interface SharerRow {
  index: number;
  link: CascadeNode;
  /** Links any number of generations below this one, among those loaded. */
  descendants: number;
}

/** Each link's descendants among the loaded links, by its index in the forest. */
export function descendantCounts(forest: Forest): Int32Array {
  const size = new Int32Array(forest.links.length).fill(1);
  // Children come after their parents, so one backward pass adds every subtree into its parent.
  for (let index = size.length - 1; index >= 0; index--) {
    const parent = forest.parent[index] as number;
    if (parent >= 0) size[parent] = (size[parent] as number) + (size[index] as number);
  }
  return size.map((subtree) => subtree - 1);
}

/** The top `limit` links by descendants, then clicks, then code (a stable order). */
export function topSharers(forest: Forest, limit = 50): SharerRow[] {
  const descendants = descendantCounts(forest);
  const rows = forest.links.map((link, index) => ({ index, link, descendants: descendants[index] as number }));
  rows.sort((a, b) => b.descendants - a.descendants || b.link.clicks - a.link.clicks || (a.link.code < b.link.code ? -1 : 1));
  return rows.slice(0, limit);
}
