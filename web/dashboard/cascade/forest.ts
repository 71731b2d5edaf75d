import { type HierarchyNode, hierarchy } from 'd3-hierarchy';
import type { CascadeNode } from '../api/types.js';

// The cascade's flat nodes (parents first) as one d3 hierarchy, laid out breadth-first: every link whose parent is not in
// the loaded set is a root, and the roots hang from one virtual root (never drawn) so a forest
// lays out as a single tree. Built in loops, never by recursion: a cascade can be a single path
// thousands of links deep.

/** The virtual root's datum is null; every other node's is its link. */
export type Datum = CascadeNode | null;

export interface Forest {
  /** The virtual root above the trees (depth 0); the trees' roots are at depth 1. */
  root: HierarchyNode<Datum>;
  /** The links, breadth-first from the roots: a parent always has a smaller index than its children. */
  links: CascadeNode[];
  /** Each link's hierarchy node, by the same index. */
  nodes: HierarchyNode<Datum>[];
  /** Each link's parent's index, or -1 for a root. */
  parent: Int32Array;
  indexOf: ReadonlyMap<string, number>;
  /** How many trees (links with parent -1; the API's roots come first). */
  rootCount: number;
  /** The highest generation among the links, as the API numbered them. */
  deepestGeneration: number;
}

export function buildForest(input: readonly CascadeNode[]): Forest {
  const links = distinctByCode(input);
  const order = breadthFirstOrder(links);
  const indexOf = new Map<string, number>();
  order.forEach((at, index) => indexOf.set((links[at] as CascadeNode).code, index));
  const ordered = order.map((at) => links[at] as CascadeNode);
  const parent = new Int32Array(ordered.length);
  let rootCount = 0;
  let deepestGeneration = 0;
  ordered.forEach((link, index) => {
    const above = link.parent === null ? undefined : indexOf.get(link.parent);
    // A parent found later in the order only happens in a cycle, cut at this node: a root.
    parent[index] = above !== undefined && above < index ? above : -1;
    if (parent[index] === -1) rootCount++;
    deepestGeneration = Math.max(deepestGeneration, link.generation);
  });
  const { root, nodes } = hierarchyOf(ordered, parent);
  return { root, links: ordered, nodes, parent, indexOf, rootCount, deepestGeneration };
}

function distinctByCode(input: readonly CascadeNode[]): CascadeNode[] {
  const seen = new Set<string>();
  return input.filter((node) => !seen.has(node.code) && seen.add(node.code) !== undefined);
}

// Breadth-first from the roots (links whose parent is absent). A link no root reaches sits in a
// parent cycle, which the API never sends; the first such link is taken as a root so none is lost.
function breadthFirstOrder(links: readonly CascadeNode[]): number[] {
  const position = new Map(links.map((link, at) => [link.code, at]));
  const children: number[][] = links.map(() => []);
  const order: number[] = [];
  const seen = new Uint8Array(links.length);
  const enqueue = (at: number) => {
    seen[at] = 1;
    order.push(at);
  };
  links.forEach((link, at) => {
    const above = link.parent === null ? undefined : position.get(link.parent);
    if (above === undefined || above === at) enqueue(at);
    else (children[above] as number[]).push(at);
  });
  let next = 0;
  const drain = () => {
    for (; next < order.length; next++) for (const child of children[order[next] as number] as number[]) if (!seen[child]) enqueue(child);
  };
  drain();
  for (let at = 0; at < links.length; at++) {
    if (seen[at]) continue;
    enqueue(at);
    drain();
  }
  return order;
}

// d3's hierarchy() computes every node's height by walking up from each node in turn, which is
// quadratic on a long chain (~0.4 s at 20,000 deep). The same nodes built here in one pass, from
// hierarchy's own prototype (d3-hierarchy documents it for instanceof and extension), so tree()
// and the node methods work on them as on hierarchy()'s.
function hierarchyOf(links: readonly CascadeNode[], parent: Int32Array) {
  const make = (data: Datum, depth: number, above: HierarchyNode<Datum> | null) => {
    const node = Object.create(hierarchy.prototype as object) as HierarchyNode<Datum> & { parent: HierarchyNode<Datum> | null };
    Object.assign(node, { data, depth, height: 0, parent: above });
    if (above) (above.children ??= []).push(node);
    return node;
  };
  const root = make(null, 0, null);
  const nodes: HierarchyNode<Datum>[] = [];
  links.forEach((link, index) => {
    const above = parent[index] === -1 ? root : (nodes[parent[index] as number] as HierarchyNode<Datum>);
    nodes.push(make(link, above.depth + 1, above));
  });
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index] as HierarchyNode<Datum>;
    const above = node.parent as HierarchyNode<Datum> & { height: number };
    above.height = Math.max(above.height, node.height + 1);
  }
  return { root, nodes };
}
