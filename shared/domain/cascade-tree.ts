import type { LinkTally, StructureLink } from './aggregate/content-aggregate.js';
import { asStructure, type Structure } from './aggregate/structure.js';

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

// The forest of a content as a flat list in structure order — the order the aggregation learnt of
// its links, in which a parent always comes before its children — so a client can rebuild the tree
// in one pass, and a page is a run of whole structure chunks (docs/data-model.md, "Cascade pages").
// Flat on purpose: a cascade can be thousands of generations deep (anyone can re-share a re-share),
// which nested JSON could neither build nor serialise. A link whose parent is not before it in the
// structure is shown as a root. `treeShapes` lists one link's tree, in the same order.
export function treeShapes(stored: Structure | readonly StructureLink[], root: string): CascadeShape[] {
  const links = asStructure(stored);
  const firstAt = new Map<string, number>();
  const codes = Array.from({ length: links.length }, (_, i) => links.code(i));
  codes.forEach((code, i) => {
    if (!firstAt.has(code)) firstAt.set(code, i);
  });
  const start = firstAt.get(root);
  if (start === undefined) return [];
  const tree = [start];
  const children = new Map<string, string[]>([[root, []]]);
  for (let i = start + 1; i < links.length; i++) {
    const code = codes[i] as string;
    const siblings = children.get(links.parent(i) ?? '');
    if (!siblings || firstAt.get(code) !== i) continue;
    tree.push(i);
    children.set(code, []);
    siblings.push(code);
  }
  return pageShapes(
    tree.map((i) => links.link(i)),
    tree.map((i) => children.get(codes[i] as string) ?? []),
  );
}

/** A page of the cascade in structure order: each link with its children's codes. */
export const pageShapes = (links: readonly StructureLink[], children: readonly string[][]): CascadeShape[] =>
  links.map((link, i) => ({
    code: link.code,
    parent: link.parent,
    generation: link.generation,
    sharer: link.sharer,
    channel: link.channel,
    createdAt: new Date(link.createdAtMs).toISOString(),
    children: [...(children[i] ?? [])],
  }));

/** Nodes with their counts (a link with no tally has had no click). */
export const withCounts = (shapes: readonly CascadeShape[], tallies: ReadonlyMap<string, LinkTally>): CascadeNode[] =>
  shapes.map((shape) => {
    const tally = tallies.get(shape.code);
    return { ...shape, clicks: tally?.clicks ?? 0, uniqueVisitors: tally?.uniqueVisitors ?? 0 };
  });
