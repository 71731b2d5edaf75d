import type { StructureLink } from '../domain/aggregate/content-aggregate.js';
import type { ContentHead } from './content-head.js';
import { CHUNK_LINKS, chunkOf, edgeBlockOf, partOf, unpackChunk, unpackEdges } from './content-parts.js';
import type { Db } from './db.js';
import { keys } from './keys.js';
import { type PartSlots, type PartsRead, slotAt } from './part-slots.js';
import { queryContentItems } from './partition-items.js';

// A page of a content's cascade in structure order (docs/data-model.md, "Cascade pages"): the
// chunks the page's links lie in, the stored child edges of its parents' edge blocks, and the
// chunks the head has no stored edges for yet (the last, open one) — never the whole structure.

export interface CascadePage {
  /** The page's links, in structure order. */
  links: StructureLink[];
  /** Each page link's children's codes, in structure order. */
  children: string[][];
}

interface ContentRef {
  workspaceId: string;
  contentId: string;
}

export async function readCascadePage(db: Db, content: ContentRef, head: ContentHead, from: number, limit: number): Promise<PartsRead<CascadePage>> {
  const to = Math.min(head.links, from + limit);
  if (from >= to) return { ok: true, value: { links: [], children: [] } };
  const [first, last] = [chunkOf(from), chunkOf(to - 1)];
  // Children lie after their parents: in the page's chunks or later ones.
  const unedged = Math.max(head.edgeChunks, first);
  const [pageChunks, openChunks, edges] = await Promise.all([
    readChunksAt(db, content, head, first, Math.min(last, unedged - 1)),
    readChunksAt(db, content, head, unedged, Math.ceil(head.links / CHUNK_LINKS) - 1),
    readEdges(db, content, head, { first, last, upTo: unedged - 1 }),
  ]);
  if (!pageChunks.ok || !openChunks.ok) return { ok: false, reason: 'stale' };
  const chunks = new Map([...pageChunks.value, ...openChunks.value]);
  const links: StructureLink[] = [];
  for (let chunk = first; chunk <= last; chunk++) {
    const start = chunk * CHUNK_LINKS;
    (chunks.get(chunk) ?? []).forEach((link, i) => {
      if (start + i >= from && start + i < to) links.push(link);
    });
  }
  const children = links.map((): string[] => []);
  for (const edge of edges) if (edge.parent >= from && edge.parent < to) children[edge.parent - from]?.push(edge.child);
  addOpenChildren(children, links, from, openChunks.value);
  return { ok: true, value: { links, children } };
}

// Links of chunks with no stored edges whose parent is on the page (a parent's code names its first
// position, as in the aggregation's index).
function addOpenChildren(children: string[][], links: readonly StructureLink[], from: number, chunks: ReadonlyMap<number, StructureLink[]>) {
  const onPage = new Map<string, number>();
  links.forEach((link, i) => {
    if (!onPage.has(link.code)) onPage.set(link.code, from + i);
  });
  for (const [chunk, chunkLinks] of [...chunks].sort(([a], [b]) => a - b)) {
    chunkLinks.forEach((link, i) => {
      const parent = link.parent === null ? undefined : onPage.get(link.parent);
      if (parent !== undefined && parent < chunk * CHUNK_LINKS + i) children[parent - from]?.push(link.code);
    });
  }
}

// Structure chunks `first` to `last` as they were at the head's position.
async function readChunksAt(db: Db, { workspaceId, contentId }: ContentRef, head: ContentHead, first: number, last: number) {
  const chunks = new Map<number, StructureLink[]>();
  if (first > last) return { ok: true as const, value: chunks };
  const range: [string, string] = [
    keys.structureChunk(workspaceId, contentId, head.epoch, first).sk,
    keys.structureChunk(workspaceId, contentId, head.epoch, last).sk,
  ];
  const prefix = keys.structureChunkPrefix(head.epoch);
  for (const item of await queryContentItems(db, workspaceId, contentId, { between: range })) {
    const read = slotAt(partOf<number>(item) as PartSlots<number>, head.position);
    if (read.kind !== 'value') return { ok: false as const, reason: 'stale' as const };
    chunks.set(Number(String(item.sk).slice(prefix.length)), unpackChunk(item.links as Uint8Array).links.slice(0, read.slot.v));
  }
  if (chunks.size !== last - first + 1) return { ok: false as const, reason: 'stale' as const };
  return { ok: true as const, value: chunks };
}

// The stored edges from the page's parents' edge blocks into chunks `first` to `upTo`, in chunk order
// per block (a parent lies in one block, so each parent's children stay in structure order).
async function readEdges(db: Db, { workspaceId, contentId }: ContentRef, head: ContentHead, chunks: { first: number; last: number; upTo: number }) {
  if (chunks.first > chunks.upTo) return [];
  const blocks: number[] = [];
  for (let block = edgeBlockOf(chunks.first); block <= edgeBlockOf(chunks.last); block++) blocks.push(block);
  const perBlock = await Promise.all(
    blocks.map((block) =>
      queryContentItems(db, workspaceId, contentId, {
        between: [
          keys.childEdges(workspaceId, contentId, head.epoch, block, chunks.first).sk,
          keys.childEdges(workspaceId, contentId, head.epoch, block, chunks.upTo).sk,
        ],
      }),
    ),
  );
  return perBlock.flat().flatMap((item) => unpackEdges(item.edges as Uint8Array));
}
