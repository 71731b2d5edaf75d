// One viral content in memory for the viral-scale benchmark: a Galton–Watson forest of L links
// (1,000 seeds, Poisson offspring of mean 0.999, cut breadth first at L, as bench/cascade-metrics.ts)
// made over one week, each link's visitors clicking it: the base state's events (committed at once),
// then feed steps of +0.1 % new events (new re-shares, new and returning visitors).
//
// Times: link i is made at START + i·WEEK/L (breadth-first order is creation order, so a child is
// always made after its parent and links are sorted by time); each of a link's visitors (the
// forest's `uniqueVisitors`: its re-shares + Poisson(2)) clicks once, an exponential delay of mean
// 20 minutes after it, clicks after the week left out. Every base click is a distinct visitor.

import type { StepEnd } from '../../shared/aggregation/content-update.js';
import type { FeedEvent, VisitorFirsts } from '../../shared/domain/aggregate/content-aggregate.js';
import type { Click } from '../../shared/domain/click.js';
import type { Content } from '../../shared/domain/content.js';
import type { Link } from '../../shared/domain/link.js';
import { type FeedRecord, feedPositionAt } from '../../shared/store/activity.js';
import { galtonWatsonForest, mulberry32 } from '../../test/support/galton-watson.js';

export const START_MS = Date.UTC(2024, 0, 1, 9, 17);
export const WEEK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;
const CLICK_DELAY_MS = 20 * 60_000;
const CHANNELS = ['x', 'whatsapp', 'email', null] as const;
const REFERRERS = ['news.example.org', 'social.example.com', null, null] as const;
// Room for the links of the steps after the base (two steps of at most 500 new links per repetition).
const SPARE_LINKS = 4_096;

/**
 * Which links a step's clicks land on: those made in the last hour ('recent': a realistic minute,
 * but a small content made fewer links in an hour, so the same clicks land on fewer of them), any
 * ('uniform'), or the LATEST_LINKS made last ('latest': the same number of links to click at every
 * size, for comparing sizes at a fixed number of events).
 */
export type ClickDistribution = 'recent' | 'uniform' | 'latest';
export const LATEST_LINKS = 1_000;

export interface FeedStepInput {
  records: FeedRecord[];
  end: StepEnd;
  firsts: Map<string, VisitorFirsts>;
}

export interface ViralContent {
  workspaceId: string;
  contentId: string;
  content: Content;
  baseLinks: number;
  /** Links so far: the base, then those of the steps after it (`truncate` forgets those). */
  size: number;
  randomSeed: number;
  depth: number;
  codes: string[];
  parent: Int32Array;
  root: Int32Array;
  generation: Int32Array;
  createdAtMs: Float64Array;
  channel: Uint8Array;
  /** Human clicks (= unique visitors) of each base link, within the week. */
  baseTally: Int32Array;
  /** Per base click: its link and time. */
  baseClickLink: Int32Array;
  baseClickAtMs: Float64Array;
  baseEndMs: number;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Random 10-character codes, as minted (shared/domain/ids.ts): they compress as real ones do.
function randomCode(random: () => number): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)];
  return code;
}
const baseVisitor = (click: number) => `h_${click.toString(36).padStart(22, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const ALL_FIRSTS: VisitorFirsts = { content: true, link: true, generation: true, channel: true };

export function viralContent(links: number): ViralContent {
  let forest = galtonWatsonForest({ randomSeed: 1, seeds: 1_000, meanOffspring: 0.999, maxLinks: links });
  let randomSeed = 1;
  while (forest.size < links && randomSeed < 20) {
    randomSeed++;
    forest = galtonWatsonForest({ randomSeed, seeds: 1_000, meanOffspring: 0.999, maxLinks: links });
  }
  const n = forest.size;
  const capacity = n + SPARE_LINKS;
  const random = mulberry32(randomSeed + 1_000);
  const parent = new Int32Array(capacity);
  const root = new Int32Array(capacity);
  const generation = new Int32Array(capacity);
  const createdAtMs = new Float64Array(capacity);
  const channel = new Uint8Array(capacity);
  const codes = new Array<string>(capacity);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const p = forest.parent[i] as number;
    parent[i] = p;
    root[i] = p < 0 ? i : (root[p] as number);
    generation[i] = forest.generation[i] as number;
    depth = Math.max(depth, generation[i] as number);
    createdAtMs[i] = START_MS + Math.floor((i * WEEK_MS) / n);
    channel[i] = Math.floor(random() * CHANNELS.length);
    codes[i] = randomCode(random);
  }
  const baseEndMs = START_MS + WEEK_MS;
  let planned = 0;
  for (let i = 0; i < n; i++) planned += forest.uniqueVisitors[i] as number;
  const clickLink = new Int32Array(planned);
  const clickAt = new Float64Array(planned);
  const baseTally = new Int32Array(capacity);
  let clicks = 0;
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < (forest.uniqueVisitors[i] as number); v++) {
      const at = (createdAtMs[i] as number) + 1 + Math.floor(-Math.log(1 - random()) * CLICK_DELAY_MS);
      if (at >= baseEndMs) continue;
      clickLink[clicks] = i;
      clickAt[clicks] = at;
      clicks++;
      baseTally[i]!++;
    }
  }
  const workspaceId = 'ws_viralBenchWorkspace01';
  const contentId = 'cnt_viralBenchContent0001';
  return {
    workspaceId,
    contentId,
    content: {
      id: contentId,
      workspaceId,
      url: 'https://viral.example.com/story',
      title: 'viral',
      campaign: 'viral',
      refParam: 'ref',
      kWindowSeconds: 86_400,
      active: true,
      createdAt: iso(START_MS - 1),
      updatedAt: iso(START_MS - 1),
    },
    baseLinks: n,
    size: n,
    randomSeed,
    depth,
    codes,
    parent,
    root,
    generation,
    createdAtMs,
    channel,
    baseTally,
    baseClickLink: clickLink.slice(0, clicks),
    baseClickAtMs: clickAt.slice(0, clicks),
    baseEndMs,
  };
}

/** Forgets the links added after the base. */
export function truncate(content: ViralContent): void {
  content.size = content.baseLinks;
}

export function linkAt(content: ViralContent, index: number): Link {
  const p = content.parent[index] as number;
  return {
    code: content.codes[index] as string,
    workspaceId: content.workspaceId,
    contentId: content.contentId,
    parent: p < 0 ? null : (content.codes[p] as string),
    rootCode: content.codes[content.root[index] as number] as string,
    generation: content.generation[index] as number,
    sharer: `sharer-${index % 97}`,
    channel: CHANNELS[content.channel[index] as number] ?? null,
    utm: null,
    creatorVisitorId: null,
    createdAt: iso(content.createdAtMs[index] as number),
  };
}

function clickOn(content: ViralContent, index: number, id: string, visitorId: string, atMs: number, referrer: number): Click {
  return {
    id,
    workspaceId: content.workspaceId,
    contentId: content.contentId,
    code: content.codes[index] as string,
    rootCode: content.codes[content.root[index] as number] as string,
    generation: content.generation[index] as number,
    channel: CHANNELS[content.channel[index] as number] ?? null,
    visitorId,
    bot: false,
    device: 'mobile',
    referrerHost: REFERRERS[referrer % REFERRERS.length] ?? null,
    at: iso(atMs),
  };
}

const linkRecord = (link: Link): FeedRecord => ({ position: `${link.createdAt}#${link.code}`, type: 'link', link });
const clickRecord = (click: Click): FeedRecord => ({ position: `${click.at}#${click.id}`, type: 'click', click });
const stepEnd = (throughMs: number): StepEnd => ({ position: feedPositionAt(new Date(throughMs)), through: iso(throughMs) });

/**
 * The base's events in `batches` batches of equal time, in that order: each holds the links made
 * and the clicks made in its part of the week, links first (the order within one commit changes
 * no total). Batches keep a million links' events from being held at once.
 */
export function* baseEvents(content: ViralContent, batches: number): Generator<FeedEvent[]> {
  const span = WEEK_MS / batches;
  const batchOf = (ms: number) => Math.min(batches - 1, Math.floor((ms - START_MS) / span));
  const clicksByBatch: number[][] = Array.from({ length: batches }, () => []);
  for (let c = 0; c < content.baseClickAtMs.length; c++) clicksByBatch[batchOf(content.baseClickAtMs[c] as number)]!.push(c);
  let nextLink = 0;
  for (let b = 0; b < batches; b++) {
    const events: FeedEvent[] = [];
    for (; nextLink < content.baseLinks && batchOf(content.createdAtMs[nextLink] as number) === b; nextLink++) {
      events.push({ kind: 'link', link: linkAt(content, nextLink) });
    }
    for (const c of clicksByBatch[b]!) {
      const id = `b${c.toString(36).padStart(9, '0')}`;
      events.push({
        kind: 'click',
        click: clickOn(content, content.baseClickLink[c] as number, id, baseVisitor(c), content.baseClickAtMs[c] as number, c),
        firsts: ALL_FIRSTS,
      });
    }
    clicksByBatch[b] = [];
    yield events;
  }
}

/** The end of the base: every base event is at or before it. */
export const baseEnd = (content: ViralContent): StepEnd => stepEnd(content.baseEndMs - 1);

/**
 * One step of growth after the base, over (fromMs, fromMs + spanMs]: `links` new re-shares under
 * uniformly random existing links, and `clicks` human clicks, half by new visitors, half by
 * visitors of the base returning; on the links `distribution` says (ClickDistribution). A returning visitor's firsts are exact: each base visitor
 * clicked one link, so a mark is new when the link, generation or channel differs from that one.
 */
export function growthStep(
  content: ViralContent,
  options: { randomSeed: number; links: number; clicks: number; distribution: ClickDistribution; fromMs: number; spanMs: number },
): FeedStepInput {
  const random = mulberry32(options.randomSeed);
  const records: FeedRecord[] = [];
  const firsts = new Map<string, VisitorFirsts>();
  for (let k = 0; k < options.links; k++) {
    const index = content.size;
    if (index >= content.parent.length) throw new Error('viral content: out of spare links');
    const p = Math.floor(random() * index);
    content.parent[index] = p;
    content.root[index] = content.root[p] as number;
    content.generation[index] = (content.generation[p] as number) + 1;
    content.createdAtMs[index] = options.fromMs + Math.floor(((k + 1) * options.spanMs) / (options.links + 1));
    content.channel[index] = content.channel[p] as number;
    content.codes[index] = randomCode(random);
    content.size++;
    records.push(linkRecord(linkAt(content, index)));
  }
  const times = content.createdAtMs.subarray(0, content.size);
  for (let k = 0; k < options.clicks; k++) {
    const atMs = options.fromMs + 1 + Math.floor(random() * (options.spanMs - 1));
    const madeBy = upperBound(times, atMs);
    const from =
      options.distribution === 'recent' ? lowerBound(times, atMs - HOUR_MS) : options.distribution === 'latest' ? Math.max(0, madeBy - LATEST_LINKS) : 0;
    const index = from + Math.floor(random() * (madeBy - from));
    const id = `g${options.randomSeed.toString(36)}x${k.toString(36).padStart(6, '0')}`;
    let visitor: string;
    let first: VisitorFirsts;
    if (random() < 0.5) {
      visitor = `h_n${options.randomSeed.toString(36)}x${k.toString(36).padStart(17, '0')}`;
      first = ALL_FIRSTS;
    } else {
      const c = Math.floor(random() * content.baseClickLink.length);
      const before = content.baseClickLink[c] as number;
      visitor = baseVisitor(c);
      first = {
        content: false,
        link: before !== index,
        generation: content.generation[before] !== content.generation[index],
        channel: content.channel[before] !== content.channel[index],
      };
    }
    records.push(clickRecord(clickOn(content, index, id, visitor, atMs, k)));
    firsts.set(id, first);
  }
  records.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return { records, firsts, end: stepEnd(options.fromMs + options.spanMs) };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

const upperBound = (sorted: Float64Array, value: number) => lowerBound(sorted, value + 1);
