import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { forEachLimit } from '../../shared/concurrency.js';
import type { Content } from '../../shared/domain/content.js';
import { newLinkCode } from '../../shared/domain/ids.js';
import { childLink, type Link, seedLink } from '../../shared/domain/link.js';
import type { Db } from '../../shared/store/db.js';
import { linkItem } from '../../shared/store/links.js';
import { galtonWatsonForest, mulberry32 } from '../../test/support/galton-watson.js';

// The big cascades of the dashboard benchmark, too many links to mint over HTTP in reasonable
// time: built with the domain's own constructors (seedLink, childLink — what the API and the
// re-share function store) and written as the link store writes them (linkItem: same keys, same
// feed entries), so the aggregation takes them in exactly as minted links.

/** A cascade's shape: the parent of each link by index (-1 for a seed), parents before children. */
export interface Shape {
  name: string;
  parents: Int32Array;
}

/** A chain: each link re-shares the one before, `links` generations deep. */
export function chainShape(links: number): Shape {
  const parents = new Int32Array(links);
  for (let index = 0; index < links; index++) parents[index] = index - 1;
  return { name: `${links.toLocaleString('en')}-generation chain`, parents };
}

/** A bushy forest: a Galton–Watson cascade (most shares die at once, a few spread far), cut at `links`. */
export function bushyShape(links: number, randomSeed = 9): Shape {
  const forest = galtonWatsonForest({ randomSeed, seeds: Math.max(1, Math.round(links / 100)), meanOffspring: 1.2, maxLinks: links });
  return { name: `${forest.size.toLocaleString('en')} links, bushy`, parents: forest.parent };
}

const CHANNELS = ['x', 'whatsapp', 'email', 'linkedin', null];

/**
 * The links of `shape` for `content`, link i created at `startMs + i` ms (so a parent is always
 * older than its children and the feed keeps their order).
 */
export function linksOf(content: Content, shape: Shape, startMs: number, randomSeed = 1): Link[] {
  const random = mulberry32(randomSeed);
  const links: Link[] = [];
  for (let index = 0; index < shape.parents.length; index++) {
    const input = { sharer: `sharer-${index}`, channel: CHANNELS[Math.floor(random() * CHANNELS.length)] ?? undefined };
    const at = new Date(startMs + index);
    const parent = shape.parents[index] ?? -1;
    const link = parent < 0 ? seedLink(content, newLinkCode(), input, at) : childLink(links[parent] as Link, newLinkCode(), input, at, null);
    links.push(link);
  }
  return links;
}

/** Writes links as the link store does, 25 per BatchWriteItem. */
export async function writeLinks(db: Db, links: readonly Link[], concurrency = 8): Promise<void> {
  const batches: Link[][] = [];
  for (let index = 0; index < links.length; index += 25) batches.push(links.slice(index, index + 25));
  await forEachLimit(batches, concurrency, async (batch) => {
    let pending: Record<string, unknown>[] = batch.map((link) => ({ PutRequest: { Item: linkItem(link) } }));
    while (pending.length > 0) {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending as never } }));
      pending = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  });
}
