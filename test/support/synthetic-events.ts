import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Click, newClick } from '../../shared/domain/click.js';
import type { Content } from '../../shared/domain/content.js';
import type { Conversion } from '../../shared/domain/conversion.js';
import type { Link } from '../../shared/domain/link.js';
import { forEachLimit } from '../../shared/concurrency.js';
import { clickItem } from '../../shared/store/clicks.js';
import { conversionItem } from '../../shared/store/conversions.js';
import type { Db } from '../../shared/store/db.js';
import { contentItem } from '../../shared/store/contents.js';
import { linkItem } from '../../shared/store/links.js';
import { galtonWatsonForest, mulberry32 } from './galton-watson.js';

export interface SyntheticOptions {
  randomSeed: number;
  workspaceId: string;
  contentId: string;
  links: number;
  clicks: number;
  visitors: number;
  botShare?: number;
  conversions?: number;
  /** All events happen after this (epoch ms) and before it plus about a day. */
  startMs: number;
}

export interface SyntheticEvents {
  content: Content;
  links: Link[];
  clicks: Click[];
  conversions: Conversion[];
}

const CHANNELS = ['x', 'whatsapp', 'email', null];
const REFERRERS = ['news.example.org', 'social.example.com', null, null];

// A deterministic content's worth of events: a Galton–Watson cascade of links, clicks spread over
// them by visitors (some repeat, some bots), and conversions by link and by visitor.
export function syntheticEvents(options: SyntheticOptions): SyntheticEvents {
  const random = mulberry32(options.randomSeed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const at = (ms: number) => new Date(Math.round(ms)).toISOString();
  const content: Content = {
    id: options.contentId,
    workspaceId: options.workspaceId,
    url: 'https://synthetic.example.com/',
    title: 'synthetic',
    campaign: 'synthetic',
    refParam: 'ref',
    kWindowSeconds: 3_600,
    active: true,
    createdAt: at(options.startMs - 1),
    updatedAt: at(options.startMs - 1),
  };
  const forest = galtonWatsonForest({
    randomSeed: options.randomSeed,
    seeds: Math.max(1, Math.round(options.links / 5)),
    meanOffspring: 0.95,
    maxLinks: options.links,
    startMs: options.startMs,
    seedSpreadMs: 3_600_000,
    meanDelayMs: 600_000,
  });
  // Codes and ids are a global namespace: prefix them with the generator seed so that several
  // synthetic contents can share a table.
  const tag = options.randomSeed.toString(36).padStart(3, '0').slice(-3);
  const code = (index: number) => `L${tag}${index.toString(36).padStart(6, '0')}`;
  const links: Link[] = Array.from({ length: forest.size }, (_, index) => {
    const parent = forest.parent[index] ?? -1;
    let root = index;
    while ((forest.parent[root] ?? -1) >= 0) root = forest.parent[root] ?? -1;
    return {
      code: code(index),
      workspaceId: options.workspaceId,
      contentId: options.contentId,
      parent: parent >= 0 ? code(parent) : null,
      rootCode: code(root),
      generation: forest.generation[index] ?? 0,
      sharer: `sharer-${index % 97}`,
      channel: pick(CHANNELS),
      utm: null,
      creatorVisitorId: null,
      createdAt: at(forest.createdAtMs[index] ?? options.startMs),
    };
  });
  const visitor = (index: number) => `h_${index.toString(36).padStart(22, '0')}`;
  const clicks: Click[] = Array.from({ length: options.clicks }, (_, index) => {
    const link = links[Math.floor(random() ** 2 * links.length)] as Link; // early links draw more clicks
    const bot = random() < (options.botShare ?? 0.1);
    const visit = {
      visitorId: visitor(Math.floor(random() * options.visitors)),
      bot,
      device: bot ? 'unknown' : 'mobile',
      referrerHost: pick(REFERRERS),
    } as const;
    const clickAt = new Date(at(Date.parse(link.createdAt) + 1 + random() * 3_600_000));
    return { ...newClick(link, visit, clickAt), id: `c${tag}${index.toString(36).padStart(9, '0')}` };
  });
  const conversions: Conversion[] = Array.from({ length: options.conversions ?? 0 }, (_, index) => {
    const click = clicks[Math.floor(random() * clicks.length)] as Click;
    const byCode = index % 2 === 0;
    return {
      workspaceId: options.workspaceId,
      externalId: `order-${tag}-${index}`,
      code: byCode ? click.code : null,
      visitorId: byCode ? null : click.visitorId,
      contentId: byCode ? options.contentId : null,
      value: 10 + index,
      currency: 'EUR',
      createdAt: at(Date.parse(click.at) + 60_000),
    };
  });
  return { content, links, clicks, conversions };
}

// Writes the events as the product stores them (same items, same keys), 25 per BatchWriteItem.
export async function writeEvents(db: Db, events: SyntheticEvents, concurrency = 8): Promise<void> {
  const items: Record<string, unknown>[] = [
    contentItem(events.content),
    ...events.links.map((link) => linkItem(link)),
    ...events.clicks.map((click) => clickItem(click, 365 * 86_400)),
    ...events.conversions.map((conversion) => conversionItem(conversion)),
  ];
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25));
  await forEachLimit(batches, concurrency, async (batch) => {
    let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending as never } }));
      pending = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  });
}

// More events for an existing content, all after `startMs`: new re-share links under random
// existing links, and clicks by a mix of returning and new visitors on old and new links.
export function extendEvents(
  base: SyntheticEvents,
  options: { randomSeed: number; links: number; clicks: number; newVisitors: number; startMs: number; spreadMs?: number },
): SyntheticEvents {
  const spread = options.spreadMs ?? 600_000;
  const random = mulberry32(options.randomSeed);
  const at = (ms: number) => new Date(Math.round(ms)).toISOString();
  const tag = options.randomSeed.toString(36).padStart(3, '0').slice(-3);
  const pool = [...base.links];
  const links: Link[] = [];
  for (let index = 0; index < options.links; index++) {
    const parent = pool[Math.floor(random() * pool.length)] as Link;
    const link: Link = {
      ...parent,
      code: `M${tag}${index.toString(36).padStart(6, '0')}`,
      parent: parent.code,
      generation: parent.generation + 1,
      sharer: `late-sharer-${index}`,
      createdAt: at(Math.max(options.startMs, Date.parse(parent.createdAt)) + 1 + random() * spread),
    };
    links.push(link);
    pool.push(link);
  }
  const returning = [...new Set(base.clicks.map((click) => click.visitorId))];
  const clicks: Click[] = Array.from({ length: options.clicks }, (_, index) => {
    const link = pool[Math.floor(random() * pool.length)] as Link;
    const visitorId =
      random() < 0.5 && returning.length > 0
        ? (returning[Math.floor(random() * returning.length)] as string)
        : `h_${tag}${Math.floor(random() * options.newVisitors)
            .toString(36)
            .padStart(19, '0')}`;
    const visit = { visitorId, bot: random() < 0.1, device: 'mobile', referrerHost: null } as const;
    const clickAt = new Date(at(Math.max(options.startMs, Date.parse(link.createdAt)) + 1 + random() * spread));
    return { ...newClick(link, visit, clickAt), id: `d${tag}${index.toString(36).padStart(9, '0')}` };
  });
  return { content: base.content, links, clicks, conversions: [] };
}
