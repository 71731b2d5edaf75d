// The old whole-state layout (issue 8's "before": `git show HEAD:shared/store/aggregates.ts`), rebuilt
// for the same content: one aggregate holding every link's facts and counts, the totals and every
// hour's tallies, stored as gzipped JSON in chunks of ≤ 300 KB under a new state id at each commit.
//
// What a commit wrote: the state's meta item, its chunks and the head; then the replaced state's
// meta and chunks were deleted (a delete is billed like a write of the deleted item). What a load
// read: the head and every chunk. Its compute, per commit: gunzip + JSON.parse (load), a Map of
// every link by code (its applyEvents began so) plus the new events, the report (the same
// `contentReport` — forestFromLinks, cascadeComponents, channel parts — the new layout runs), then
// JSON.stringify + gzip (commit). The item keys follow that layout's (they exist no more in keys.ts).

import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ContentSummary, HourTally } from '../../shared/domain/aggregate/content-summary.js';
import { contentReport } from '../../shared/domain/report.js';
import { itemBytes } from './counting-dynamo.js';
import type { ViralContent } from './viral-content.js';

const CHUNK_BYTES = 300 * 1024;
const CHANNELS = ['x', 'whatsapp', 'email', null] as const;
const gc = (globalThis as { gc?: () => void }).gc;

interface WholeStateLink {
  code: string;
  parent: string | null;
  createdAtMs: number;
  generation: number;
  sharer: string | null;
  channel: string | null;
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
}

interface WholeStateAggregate {
  links: WholeStateLink[];
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
  seedReach: number;
  earnedReach: number;
  earnedClicks: number;
  conversions: number;
  conversionValueMicros: number;
  conversionValueMicrosByCurrency: Record<string, number>;
  generationVisitors: number[];
  channelVisitors: Record<string, number>;
  referrers: Record<string, number>;
  hours: Record<string, HourTally>;
}

export interface WholeStateFigures {
  repetitions: number;
  gzippedBytes: number;
  jsonBytes: number;
  chunks: number;
  itemsWritten: number;
  bytesWritten: number;
  /** Puts of meta, chunks and head, plus the deletes of the replaced state. */
  writeUnits: number;
  putUnits: number;
  bytesRead: number;
  readUnits: number;
  /** Medians, ms. */
  compute: { total: number; decode: number; apply: number; report: number; encode: number };
}

/** The content's aggregate as the old layout kept it, at the base state. */
export function wholeStateAggregate(content: ViralContent, summary: ContentSummary): WholeStateAggregate {
  const links: WholeStateLink[] = new Array(content.baseLinks);
  for (let i = 0; i < content.baseLinks; i++) {
    const p = content.parent[i] as number;
    const tally = content.baseTally[i] as number;
    links[i] = {
      code: content.codes[i] as string,
      parent: p < 0 ? null : (content.codes[p] as string),
      createdAtMs: content.createdAtMs[i] as number,
      generation: content.generation[i] as number,
      sharer: `sharer-${i % 97}`,
      channel: CHANNELS[content.channel[i] as number] ?? null,
      clicks: tally,
      botClicks: 0,
      uniqueVisitors: tally,
    };
  }
  return {
    links,
    clicks: summary.clicks,
    botClicks: summary.botClicks,
    uniqueVisitors: summary.uniqueVisitors,
    seedReach: summary.seedReach,
    earnedReach: summary.earnedReach,
    earnedClicks: summary.earnedClicks,
    conversions: summary.conversions,
    conversionValueMicros: summary.conversionValueMicros,
    conversionValueMicrosByCurrency: { ...summary.conversionValueMicrosByCurrency },
    generationVisitors: [...summary.generationVisitors],
    channelVisitors: { ...summary.channelVisitors },
    referrers: { ...summary.referrers },
    // A week-old content: every hour of its life is still in the summary's recent hours.
    hours: { ...summary.recentHours },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// One old commit's compute on `packed`: load, apply `events` (half new links, half clicks), report, store.
function oldCommitCompute(packed: Buffer, codes: readonly string[], summary: ContentSummary, events: number, throughMs: number) {
  let started = performance.now();
  const aggregate = JSON.parse(gunzipSync(packed).toString('utf8')) as WholeStateAggregate;
  const decode = performance.now() - started;

  started = performance.now();
  const byCode = new Map(aggregate.links.map((link) => [link.code, link]));
  const half = Math.round(events / 2);
  const size = aggregate.links.length;
  for (let k = 0; k < half; k++) {
    const parent = aggregate.links[(k * 7_919) % size] as WholeStateLink;
    const link = {
      ...parent,
      code: `n${k.toString(36).padStart(9, '0')}`,
      parent: parent.code,
      generation: parent.generation + 1,
      createdAtMs: throughMs,
      clicks: 0,
      uniqueVisitors: 0,
    };
    aggregate.links.push(link);
    byCode.set(link.code, link);
  }
  for (let k = 0; k < events - half; k++) {
    const tally = byCode.get(codes[(k * 104_729) % size] as string) as WholeStateLink;
    tally.clicks++;
    tally.uniqueVisitors++;
  }
  const apply = performance.now() - started;

  started = performance.now();
  const through = new Date(throughMs).toISOString();
  const { report } = contentReport(aggregate.links, summary, { computedAt: through, eventsThrough: through });
  const reportMs = performance.now() - started;

  started = performance.now();
  const text = JSON.stringify(aggregate);
  const repacked = gzipSync(text);
  const encode = performance.now() - started;
  return { decode, apply, report: reportMs, encode, repacked, jsonBytes: text.length, links: report.links };
}

export function measureWholeState(
  content: ViralContent,
  summary: ContentSummary,
  options: { events: number; repetitions: number; warmUp: number },
): WholeStateFigures {
  const packed = gzipSync(JSON.stringify(wholeStateAggregate(content, summary)));
  const throughMs = content.baseEndMs + 120_000;
  const samples: ReturnType<typeof oldCommitCompute>[] = [];
  for (let r = 0; r < options.warmUp + options.repetitions; r++) {
    gc?.();
    const sample = oldCommitCompute(packed, content.codes, summary, options.events, throughMs);
    if (r >= options.warmUp) samples.push(sample);
  }
  const written = samples[0]?.repacked ?? packed;
  const pk = `WS#${content.workspaceId}#CNT#${content.contentId}`;
  const stateId = randomUUID();
  const writtenAtMs = throughMs;
  const chunkItems = Array.from({ length: Math.max(1, Math.ceil(written.length / CHUNK_BYTES)) }, (_, index) => ({
    pk,
    sk: `AGG#STATE#${stateId}#${String(index).padStart(4, '0')}`,
    type: 'aggregateChunk',
    data: written.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES),
    writtenAtMs,
  }));
  const meta = { pk, sk: `AGG#STATEMETA#${stateId}`, type: 'aggregateState', stateId, chunks: chunkItems.length, writtenAtMs };
  const head = {
    pk,
    sk: 'AGG#HEAD',
    type: 'aggregateHead',
    version: 10_000,
    position: `${new Date(throughMs).toISOString()}#\uffff`,
    stateId,
    chunks: chunkItems.length,
    computedAt: new Date(throughMs).toISOString(),
    eventsThrough: new Date(throughMs).toISOString(),
  };
  const units = (bytes: number, per: number) => Math.max(1, Math.ceil(bytes / per));
  const stateItems = [meta, ...chunkItems];
  const stateWriteUnits = stateItems.reduce((sum, item) => sum + units(itemBytes(item), 1024), 0);
  const putUnits = stateWriteUnits + units(itemBytes(head), 1024);
  return {
    repetitions: options.repetitions,
    gzippedBytes: written.length,
    jsonBytes: samples[0]?.jsonBytes ?? 0,
    chunks: chunkItems.length,
    itemsWritten: stateItems.length + 1,
    bytesWritten: [...stateItems, head].reduce((sum, item) => sum + itemBytes(item), 0),
    writeUnits: putUnits + stateWriteUnits,
    putUnits,
    bytesRead: [head, ...chunkItems].reduce((sum, item) => sum + itemBytes(item), 0),
    readUnits: [head, ...chunkItems].reduce((sum, item) => sum + units(itemBytes(item), 4096), 0),
    compute: {
      decode: median(samples.map((s) => s.decode)),
      apply: median(samples.map((s) => s.apply)),
      report: median(samples.map((s) => s.report)),
      encode: median(samples.map((s) => s.encode)),
      total: median(samples.map((s) => s.decode + s.apply + s.report + s.encode)),
    },
  };
}
