import { type HierarchyPointNode, tree } from 'd3-hierarchy';
import { type Quadtree, quadtree } from 'd3-quadtree';
import type { Datum, Forest } from './forest.js';

// Where each link sits, in layout units (one unit is one CSS pixel at zoom 1). Computed once per
// forest and kind, never per frame: drawing only maps these through the view's pan and zoom.

export type LayoutKind = 'tidy' | 'radial';

/** Siblings' spacing and one generation's step, in layout units. */
export const NODE_GAP = 14;
export const LEVEL_GAP = 56;

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface TreeLayout {
  kind: LayoutKind;
  /** Each link's position, by its index in the forest. */
  x: Float64Array;
  y: Float64Array;
  bounds: Bounds;
}

/** The tidy tree (Reingold–Tilford, d3's tree()), roots on top and each generation a row below. */
export function tidyLayout(forest: Forest): TreeLayout {
  tree<Datum>().nodeSize([NODE_GAP, LEVEL_GAP])(forest.root);
  const x = new Float64Array(forest.nodes.length);
  const y = new Float64Array(forest.nodes.length);
  forest.nodes.forEach((node, index) => {
    const point = node as HierarchyPointNode<Datum>;
    x[index] = point.x;
    // The virtual root is row 0: the real roots start the picture at 0.
    y[index] = point.y - LEVEL_GAP;
  });
  return { kind: 'tidy', x, y, bounds: boundsOf(x, y) };
}

// The tidy layout in polar coordinates: its horizontal order becomes the angle and its rows the
// rings. One tree's root sits at the centre; a forest's roots on the first ring. Rings are spread
// so the outermost is as long as the tidy layout is wide (its leaves keep their spacing).
export function radialLayout(tidy: TreeLayout, forest: Forest): TreeLayout {
  const { minX, maxX, maxY } = tidy.bounds;
  const span = maxX - minX + NODE_GAP;
  const firstRing = forest.rootCount === 1 ? 0 : 1;
  const rings = Math.max(1, maxY / LEVEL_GAP + firstRing);
  const ring = Math.max(LEVEL_GAP, span / (2 * Math.PI * rings));
  const x = new Float64Array(tidy.x.length);
  const y = new Float64Array(tidy.y.length);
  for (let index = 0; index < x.length; index++) {
    const angle = (((tidy.x[index] as number) - minX) / span) * 2 * Math.PI - Math.PI / 2;
    const radius = ((tidy.y[index] as number) / LEVEL_GAP + firstRing) * ring;
    x[index] = radius * Math.cos(angle);
    y[index] = radius * Math.sin(angle);
  }
  return { kind: 'radial', x, y, bounds: boundsOf(x, y) };
}

export function layoutOf(forest: Forest, kind: LayoutKind, tidy: TreeLayout = tidyLayout(forest)): TreeLayout {
  return kind === 'tidy' ? tidy : radialLayout(tidy, forest);
}

function boundsOf(x: Float64Array, y: Float64Array): Bounds {
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let index = 0; index < x.length; index++) {
    bounds.minX = Math.min(bounds.minX, x[index] as number);
    bounds.maxX = Math.max(bounds.maxX, x[index] as number);
    bounds.minY = Math.min(bounds.minY, y[index] as number);
    bounds.maxY = Math.max(bounds.maxY, y[index] as number);
  }
  return x.length === 0 ? { minX: 0, minY: 0, maxX: 0, maxY: 0 } : bounds;
}

const hitIndexes = new WeakMap<TreeLayout, Quadtree<number>>();

function hitIndex(layout: TreeLayout): Quadtree<number> {
  let index = hitIndexes.get(layout);
  if (!index) {
    index = quadtree<number>()
      .x((at) => layout.x[at] as number)
      .y((at) => layout.y[at] as number)
      .addAll(Array.from(layout.x, (_, at) => at));
    hitIndexes.set(layout, index);
  }
  return index;
}

/**
 * The index of the link nearest (x, y) within `radius`, all in layout units; -1 when none is.
 * With a vertical radius `ry` of its own (the view spreads rows apart), the nearest within that
 * ellipse, measured as on screen.
 */
export function nodeAt(layout: TreeLayout, x: number, y: number, radius: number, ry = radius): number {
  const index = hitIndex(layout);
  if (ry === radius) return index.find(x, y, radius) ?? -1;
  let best = -1;
  let bestDistance = 1;
  index.visit((node, x0, y0, x1, y1) => {
    if (!node.length) {
      for (let leaf: typeof node | undefined = node; leaf; leaf = leaf.next) {
        const at = (leaf as { data: number }).data;
        const distance = (((layout.x[at] as number) - x) / radius) ** 2 + (((layout.y[at] as number) - y) / ry) ** 2;
        if (distance <= bestDistance) {
          best = at;
          bestDistance = distance;
        }
      }
    }
    // Skip a quadrant wholly outside the ellipse's bounding box.
    return x0 > x + radius || x1 < x - radius || y0 > y + ry || y1 < y - ry;
  });
  return best;
}
