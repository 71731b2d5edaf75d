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
  children: CascadeNode[];
}

// The forest of a content as nested nodes, oldest first at every level. A link whose parent is
// not (yet) known is shown as a root rather than dropped.
export function cascadeTree(aggregate: ContentAggregate, options: { root?: string } = {}): CascadeNode[] {
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
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  if (options.root === undefined) return roots;
  const root = nodes.get(options.root);
  return root ? [root] : [];
}
