// The new layout (head + parts) at viral scale: the real `updateContent` with the real content-state
// store, over the counting in-memory DynamoDB.
//
// The base state (not measured) is committed through the real store's `commit`, built the way
// `updateContent` builds a commit — the domain's applyEvents, settleSummary, contentReport — with
// its events streamed in batches rather than held at once. Each repetition then starts again from
// it and, in a worker thread with a heap of its own (commit-worker.ts), commits one +0.1 % step (the
// "previous commit", not measured, which fills the worker's cache with every sealed chunk) and
// measures the next one twice on the same state:
//   warm — with the sealed-chunk cache the previous commit left;
//   cold — with an empty cache, as a new process.
// `commitAnatomy` times the warm commit's O(L) calls in this thread, over a cache replayed from
// the adds recorded while the base was read.

import { Worker } from 'node:worker_threads';
import { applyEvents, contentWork } from '../../shared/domain/aggregate/content-aggregate.js';
import { type ContentSummary, emptySummary, nextMaturityMs, settleSummary } from '../../shared/domain/aggregate/content-summary.js';
import { parentPosition } from '../../shared/domain/aggregate/link-index.js';
import type { ChunkColumns } from '../../shared/domain/aggregate/structure.js';
import { contentReport } from '../../shared/domain/report.js';
import { CHUNK_LINKS, dayOfHour } from '../../shared/store/content-parts.js';
import { type ContentHead, emptyHead, makeContentStateStore } from '../../shared/store/content-state.js';
import { makeSealedChunkCache, type SealedChunkCache } from '../../shared/store/sealed-chunk-cache.js';
import { type CountingDynamo, emptyCounts, type IoCounts, makeCountingDynamo } from './counting-dynamo.js';
import { type CommitTarget, depsOver } from './commit-deps.js';
import type { CommitDone, CommitOrder } from './commit-worker.js';
import { serveDynamo } from './remote-dynamo.js';
import { baseEnd, baseEvents, type ClickDistribution, growthStep, truncate, type ViralContent } from './viral-content.js';

const BASE_BATCHES = 20;
const TALLIES_PER_COMMIT = 15_000;
const STEP_MS = 60_000;
const gc = (globalThis as { gc?: () => void }).gc;

type CacheAdd = [key: string, chunk: number, links: ChunkColumns];

export interface PreparedParts {
  dynamo: CountingDynamo;
  baseMark: number;
  cacheAdds: CacheAdd[];
  head: ContentHead;
  prepareSeconds: number;
  table: { items: number; bytes: number };
}

export interface CommitFigures {
  computeMs: number;
  counts: IoCounts;
}

export interface PartsFigures {
  distribution: ClickDistribution;
  events: number;
  repetitions: number;
  warm: CommitFigures;
  cold: CommitFigures;
}

// A cache that also records what the store put in it, so that another can be filled the same way.
function recordingCache(adds: CacheAdd[]): SealedChunkCache {
  const inner = makeSealedChunkCache();
  return {
    get: (key, upTo) => inner.get(key, upTo),
    add: (key, chunk, links) => {
      adds.push([key, chunk, links]);
      inner.add(key, chunk, links);
    },
    clear: () => inner.clear(),
  };
}

function replayedCache(adds: readonly CacheAdd[]): SealedChunkCache {
  const cache = makeSealedChunkCache();
  for (const [key, chunk, links] of adds) cache.add(key, chunk, links);
  return cache;
}

const targetOf = (content: ViralContent): CommitTarget => ({ workspaceId: content.workspaceId, contentId: content.contentId, content: content.content });

interface CommitThread {
  /** The commit's wall time in the worker. */
  commit(order: Omit<CommitOrder, 'kind'>): Promise<number>;
  stop(): Promise<number>;
}

// The worker that makes the measured commits on a heap of its own (commit-worker.ts).
function startCommitThread(dynamo: CountingDynamo): CommitThread {
  // tsx's loader hooks do not reach worker threads by themselves: the worker registers them first.
  const entry = new URL('./commit-worker.ts', import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(entry)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: { table: dynamo.db.table } });
  serveDynamo(worker, dynamo);
  let settle: ((done: CommitDone) => void) | undefined;
  worker.on('message', (message: CommitDone | { kind: string }) => {
    if (message.kind === 'committed' || message.kind === 'failed') settle?.(message as CommitDone);
  });
  worker.on('error', (error) => settle?.({ kind: 'failed', message: error.stack ?? error.message }));
  return {
    commit: (order) =>
      new Promise((resolve, reject) => {
        settle = (done) => (done.kind === 'committed' ? resolve(done.computeMs) : reject(new Error(`viral-scale bench: ${done.message}`)));
        worker.postMessage({ kind: 'commit', ...order } satisfies CommitOrder);
      }),
    stop: () => worker.terminate(),
  };
}

/**
 * Commits the base state through the real store, built by the real domain functions (not
 * measured): the structure, series days and head first, then the link tallies in commits of
 * TALLIES_PER_COMMIT (the head unchanged): `forEachLimit` takes its items with `Array#shift`, which
 * V8 does in constant time only for arrays of up to about 16,000 elements.
 */
export async function prepareParts(content: ViralContent): Promise<PreparedParts> {
  const started = performance.now();
  const dynamo = makeCountingDynamo();
  const cacheAdds: CacheAdd[] = [];
  const end = baseEnd(content);
  const throughMs = Date.parse(end.through);
  const deps = depsOver(dynamo.db, recordingCache(cacheAdds), () => throughMs + 5_000);
  const { workspaceId, contentId } = content;
  const work = contentWork(emptySummary(content.content.kWindowSeconds * 1000), []);
  for (const events of baseEvents(content, BASE_BATCHES)) applyEvents(work, events);
  settleSummary(work, throughMs, new Map()); // every tally is in `work`
  const computedAt = new Date(throughMs + 5_000).toISOString();
  const { report } = contentReport(work.links, work.summary, { computedAt, eventsThrough: end.through });
  const nextMaturity = nextMaturityMs(work, work.summary.mature.windowMs, throughMs);
  const codes = [...work.changedTallies];
  const commits = Math.max(1, Math.ceil(codes.length / TALLIES_PER_COMMIT));
  let head = emptyHead();
  for (let k = 0; k < commits; k++) {
    // An open chunk at the head is rewritten by the next commit, which needs it as stored.
    const structure = k === 0 || work.links.length % CHUNK_LINKS === 0 ? null : await deps.state.readStructure(workspaceId, contentId, head);
    if (structure && !structure.ok) throw new Error('viral-scale bench: base structure unreadable');
    const outcome = await deps.state.commit(workspaceId, contentId, head, {
      // Positions of the partial commits sort before the base's end, in order.
      position: k === commits - 1 ? end.position : `${end.through}#${String(k).padStart(6, '0')}`,
      computedAt,
      eventsThrough: end.through,
      summary: work.summary,
      report,
      nextMaturityAt: nextMaturity === null ? null : new Date(nextMaturity).toISOString(),
      links: work.links,
      parentAt: (position) => parentPosition(work.links, work.indexOf, position),
      chunks: structure?.value.tail ?? new Map(),
      tallies: { changed: new Set(codes.slice(k * TALLIES_PER_COMMIT, (k + 1) * TALLIES_PER_COMMIT)), values: work.tallies, parts: new Map() },
      days: { changed: k === 0 ? new Set([...work.changedHours].map(dayOfHour)) : new Set(), hours: work.hours, parts: new Map() },
    });
    if (outcome !== 'committed') throw new Error(`viral-scale bench: base commit ${outcome}`);
    head = await deps.state.readHead(workspaceId, contentId);
  }
  // Fills the cache with every chunk sealed at the base head, as the process that made it would hold.
  const structure = await deps.state.readStructure(workspaceId, contentId, head);
  if (!structure.ok || structure.value.links.length !== content.baseLinks) throw new Error('viral-scale bench: base structure unreadable');
  // The commit measured then stores the edges of the chunks it seals only, as in steady state.
  if (head.edgeChunks !== Math.floor(content.baseLinks / CHUNK_LINKS)) throw new Error('viral-scale bench: base child edges incomplete');
  dynamo.settle();
  const baseMark = dynamo.mark();
  return { dynamo, baseMark, cacheAdds, head, prepareSeconds: (performance.now() - started) / 1000, table: dynamo.stats() };
}

export const baseSummary = (prepared: PreparedParts): ContentSummary => {
  if (!prepared.head.summary) throw new Error('viral-scale bench: base head has no summary');
  return prepared.head.summary;
};

async function timedCommit(dynamo: CountingDynamo, commit: () => Promise<number>): Promise<CommitFigures> {
  dynamo.settle();
  gc?.();
  dynamo.resetCounts();
  const computeMs = await commit();
  const counts = dynamo.counts;
  dynamo.resetCounts();
  return { computeMs, counts };
}

/**
 * `warmUp` unrecorded repetitions, then `repetitions` recorded: medians of each figure. The commits
 * run in a worker thread (commit-worker.ts): the warm one after an unmeasured commit of the
 * previous minute, which left every sealed chunk in its cache; the cold one with an empty cache.
 */
export async function measureParts(
  prepared: PreparedParts,
  content: ViralContent,
  options: { distribution: ClickDistribution; events: number; repetitions: number; warmUp: number },
): Promise<PartsFigures> {
  const { dynamo } = prepared;
  const half = Math.round(options.events / 2);
  const runs: { warm: CommitFigures; cold: CommitFigures }[] = [];
  const thread = startCommitThread(dynamo);
  try {
    for (let r = 0; r < options.warmUp + options.repetitions; r++) {
      dynamo.restoreTo(prepared.baseMark);
      truncate(content);
      const step = (randomSeed: number, fromMs: number) =>
        growthStep(content, { randomSeed, links: half, clicks: options.events - half, distribution: options.distribution, fromMs, spanMs: STEP_MS });
      const previous = step(1_000 + 2 * r, content.baseEndMs);
      const measured = step(1_001 + 2 * r, content.baseEndMs + STEP_MS);
      const clockMs = Date.parse(measured.end.through) + 5_000;
      const target = targetOf(content);
      await thread.commit({ target, step: previous, clockMs: clockMs - STEP_MS, cache: 'fresh' });
      const previousMark = dynamo.mark();
      const warm = await timedCommit(dynamo, () => thread.commit({ target, step: measured, clockMs, cache: 'kept' }));
      dynamo.restoreTo(previousMark);
      const cold = await timedCommit(dynamo, () => thread.commit({ target, step: measured, clockMs, cache: 'fresh' }));
      if (r >= options.warmUp) runs.push({ warm, cold });
    }
  } finally {
    await thread.stop();
  }
  dynamo.restoreTo(prepared.baseMark);
  truncate(content);
  return {
    distribution: options.distribution,
    events: options.events,
    repetitions: options.repetitions,
    warm: medianFigures(runs.map((run) => run.warm)),
    cold: medianFigures(runs.map((run) => run.cold)),
  };
}

export interface CommitAnatomy {
  readStructureMs: number;
  contentWorkMs: number;
  reportMs: number;
}

/**
 * Where a warm commit's time goes: the calls `updateContent` makes whose cost grows with L, timed
 * one by one on the base state with a warm store — readStructure (sealed chunks from the cache),
 * contentWork (links past the shared index indexed by code), contentReport (the cascade over every link).
 */
export async function commitAnatomy(prepared: PreparedParts, content: ViralContent): Promise<CommitAnatomy> {
  const state = makeContentStateStore(prepared.dynamo.db, replayedCache(prepared.cacheAdds));
  const summary = baseSummary(prepared);
  const through = prepared.head.eventsThrough ?? new Date(content.baseEndMs).toISOString();
  gc?.();
  let started = performance.now();
  const structure = await state.readStructure(content.workspaceId, content.contentId, prepared.head);
  if (!structure.ok) throw new Error('viral-scale bench: base structure unreadable');
  const readStructureMs = performance.now() - started;
  started = performance.now();
  const work = contentWork(summary, structure.value.links, structure.value.sealedIndex);
  const contentWorkMs = performance.now() - started;
  started = performance.now();
  contentReport(work.links, work.summary, { computedAt: through, eventsThrough: through }, { index: work.indexOf });
  const reportMs = performance.now() - started;
  prepared.dynamo.resetCounts();
  return { readStructureMs, contentWorkMs, reportMs };
}

export interface CascadePageFigures {
  /** Where the page starts: the first, the middle or the last page of 1,000 links. */
  at: 'first' | 'middle' | 'last';
  bytesRead: number;
  readUnits: number;
  ms: number;
}

/**
 * A cold process's cascade page of 1,000 links (the API's default), at the start, the middle and
 * the end of the structure, against reading the whole structure (what a page cost before the
 * child edges): bytes and units read, wall time. The page's tallies are left out (the same read
 * either way).
 */
export async function cascadePageReads(prepared: PreparedParts, content: ViralContent): Promise<{ pages: CascadePageFigures[]; whole: CascadePageFigures }> {
  const limit = 1_000;
  const measure = async (at: CascadePageFigures['at'], read: (state: ReturnType<typeof makeContentStateStore>) => Promise<{ ok: boolean }>) => {
    const state = makeContentStateStore(prepared.dynamo.db, makeSealedChunkCache());
    prepared.dynamo.resetCounts();
    const started = performance.now();
    if (!(await read(state)).ok) throw new Error('viral-scale bench: cascade page unreadable');
    const ms = performance.now() - started;
    const { bytesRead, readUnits } = prepared.dynamo.counts;
    return { at, bytesRead, readUnits, ms };
  };
  const { workspaceId, contentId } = content;
  const starts = { first: 0, middle: Math.floor(prepared.head.links / 2), last: Math.max(0, prepared.head.links - limit) } as const;
  const pages = [];
  for (const at of ['first', 'middle', 'last'] as const) {
    pages.push(await measure(at, (state) => state.readCascadePage(workspaceId, contentId, prepared.head, starts[at], limit)));
  }
  const whole = await measure('first', (state) => state.readStructure(workspaceId, contentId, prepared.head));
  prepared.dynamo.resetCounts();
  return { pages, whole };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

// Compute time is the median; the counts are the median repetition's by bytes written (every
// repetition commits as many events; only which links they touch differs).
function medianFigures(figures: CommitFigures[]): CommitFigures {
  const byBytes = [...figures].sort((a, b) => a.counts.bytesWritten - b.counts.bytesWritten);
  return { computeMs: median(figures.map((f) => f.computeMs)), counts: byBytes[byBytes.length >> 1]?.counts ?? emptyCounts() };
}
