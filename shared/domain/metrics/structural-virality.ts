// The shape of each cascade tree (size, height, Wiener index) in two linear passes, and the
// structural virality ν = W / C(n,2) derived from it (docs/contract.md §3; Goel et al., "The Structural
// Virality of Online Diffusion", 2016). All-pairs distances would be O(n²); instead each edge
// contributes s·(n − s), the number of node pairs whose path crosses it, s being the size of the
// subtree below the edge.

import { type ForestIndex, indexForest } from './forest-index.js';

export interface TreeShapes {
  /** Per link: the root of its tree. */
  root: Int32Array;
  /** Per link: the size of its subtree (at a root: the size of the tree). */
  subtreeSize: Int32Array;
  /** Per root (indexed by the root link): the Wiener index of its tree. */
  wiener: Float64Array;
  /** Per root (indexed by the root link): the height of its tree, in edges. */
  height: Int32Array;
}

export function treeShapes({ parent, order }: ForestIndex): TreeShapes {
  const n = parent.length;
  const subtreeSize = new Int32Array(n).fill(1);
  // Reverse breadth-first order visits every child before its parent.
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k]!;
    const p = parent[v]!;
    if (p >= 0) subtreeSize[p]! += subtreeSize[v]!;
  }

  const root = new Int32Array(n);
  const depth = new Int32Array(n);
  const wiener = new Float64Array(n);
  const height = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const v = order[k]!;
    const p = parent[v]!;
    if (p < 0) {
      root[v] = v;
      continue;
    }
    const r = root[p]!;
    root[v] = r;
    const d = depth[p]! + 1;
    depth[v] = d;
    if (d > height[r]!) height[r] = d;
    const s = subtreeSize[v]!;
    // A double, not an Int32 product: s·(n − s) reaches 2.5·10¹¹ at a million links. W itself
    // exceeds 2⁵³ only for path-like trees of ~400 000+ links, where the rounding is ~1e-10
    // relative — far below what ν is reported with.
    wiener[r]! += s * (subtreeSize[r]! - s);
  }
  return { root, subtreeSize, wiener, height };
}

/** ν = W / C(n,2): 1 for any 2-node tree, 2(n−1)/n for a star, (n+1)/3 for a path; null for n < 2. */
export function structuralVirality(wiener: number, size: number): number | null {
  if (size < 2) return null;
  return wiener / ((size * (size - 1)) / 2);
}

/**
 * The Wiener index of one tree given as a parent column (the root's parent is −1), in O(n) by the
 * same subtree-size method the cascade metrics use. Throws when the column holds more than one
 * tree, because a single number would then have no meaning.
 */
export function wienerIndex(parent: Int32Array): number {
  const index = indexForest(parent);
  let roots = 0;
  for (let i = 0; i < index.parent.length; i++) if (index.parent[i]! < 0) roots++;
  if (roots > 1) throw new RangeError(`wienerIndex expects a single tree, got ${roots} roots`);
  if (roots === 0) return 0;
  const shapes = treeShapes(index);
  return shapes.wiener[index.order[0]!]!;
}
