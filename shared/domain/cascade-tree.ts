import type { ContentAggregate } from './aggregate/content-aggregate.js';
import { knownLinks } from './report.js';

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

// The forest of a content as a flat list in breadth-first order — roots oldest first, then each
// level — so a parent always comes before its children and a client can rebuild the tree in one
// pass. Flat on purpose: a cascade can be thousands of generations deep (anyone can re-share a
// re-share), which nested JSON could neither build nor serialise. A link whose parent is not
// (yet) known is shown as a root. With `root`, only that link's tree.
export function cascadeNodes(aggregate: ContentAggregate, options: { root?: string } = {}): CascadeNode[] {
  const links = [...knownLinks(aggregate)].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.code < b.code ? -1 : 1));
  const nodes = new Map<string, CascadeNode>();
  for (const link of links) {
    nodes.set(link.code, {
      code: link.code,
      parent: link.parent,
      generation: link.generation,
      sharer: link.sharer,
      channel: link.channel,
      createdAt: new Date(link.createdAtMs).toISOString(),
      clicks: link.clicks,
      uniqueVisitors: link.uniqueVisitors,
      children: [],
    });
  }
  const roots: CascadeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent === null ? undefined : nodes.get(node.parent);
    if (parent) parent.children.push(node.code);
    else roots.push(node);
  }
  const start = options.root === undefined ? roots : [nodes.get(options.root)].filter((node): node is CascadeNode => node !== undefined);
  const order: CascadeNode[] = [...start];
  for (let index = 0; index < order.length; index++) {
    for (const child of (order[index] as CascadeNode).children) order.push(nodes.get(child) as CascadeNode);
  }
  return order;
}
