import type { LinkTally, StructureLink } from './aggregate/content-aggregate.js';

export interface CascadeNode {
  code: string;
  parent: string | null;
  generation: number;
  sharer: string | null;
  channel: string | null;
  createdAt: string;
  clicks: number;
  uniqueVisitors: number;
  /** The codes of the links made from this one. */
  children: string[];
}

export type CascadeShape = Omit<CascadeNode, 'clicks' | 'uniqueVisitors'>;

// The forest of a content as a flat list in breadth-first order — roots oldest first, then each
// level — so a parent always comes before its children and a client can rebuild the tree in one
// pass. Flat on purpose: a cascade can be thousands of generations deep (anyone can re-share a
// re-share), which nested JSON could neither build nor serialise. A link whose parent is not
// (yet) known is shown as a root. With `root`, only that link's tree. Counts are added per page.
export function cascadeShapes(links: readonly StructureLink[], options: { root?: string } = {}): CascadeShape[] {
  const sorted = [...links].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.code < b.code ? -1 : 1));
  const nodes = new Map<string, CascadeShape>();
  for (const link of sorted) {
    nodes.set(link.code, {
      code: link.code,
      parent: link.parent,
      generation: link.generation,
      sharer: link.sharer,
      channel: link.channel,
      createdAt: new Date(link.createdAtMs).toISOString(),
      children: [],
    });
  }
  const roots: CascadeShape[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent === null ? undefined : nodes.get(node.parent);
    if (parent) parent.children.push(node.code);
    else roots.push(node);
  }
  const start = options.root === undefined ? roots : [nodes.get(options.root)].filter((node): node is CascadeShape => node !== undefined);
  const order: CascadeShape[] = [...start];
  for (let index = 0; index < order.length; index++) {
    for (const child of (order[index] as CascadeShape).children) order.push(nodes.get(child) as CascadeShape);
  }
  return order;
}

/** Nodes with their counts (a link with no tally has had no click). */
export const withCounts = (shapes: readonly CascadeShape[], tallies: ReadonlyMap<string, LinkTally>): CascadeNode[] =>
  shapes.map((shape) => {
    const tally = tallies.get(shape.code);
    return { ...shape, clicks: tally?.clicks ?? 0, uniqueVisitors: tally?.uniqueVisitors ?? 0 };
  });
