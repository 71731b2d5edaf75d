import { gunzipSync, gzipSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ContentSummary } from '../domain/aggregate/content-summary.js';
import { perGenerationRows, type Report } from '../domain/report.js';
import { FEED_START, type FeedPosition } from './activity.js';
import { type Db, ifConditionHolds } from './db.js';
import { keys } from './keys.js';

// A content's aggregate head (docs/data-model.md, "A content's aggregate: a head and parts"): the
// compare-and-set point, with the summary and the stored report gzipped in it.

export interface ContentHead {
  /** 0 before the first commit. */
  version: number;
  /** Parts live under the epoch; a rebuild moves to a new one. */
  epoch: number;
  /** Feed position up to which this content's events are applied. */
  position: FeedPosition;
  computedAt: string | null;
  eventsThrough: string | null;
  /** Links in the structure at `position`. */
  links: number;
  /** The full structure chunks, from the first, whose child edges are stored (content-parts.ts). */
  edgeChunks: number;
  summary: ContentSummary | null;
  /** The report for the content's own K window at `eventsThrough`. */
  report: Report | null;
  /** When the next re-share link matures (the report's K changes then with no new event). */
  nextMaturityAt: string | null;
  /** Written by the earlier whole-state layout: it must be rebuilt before it can be read. */
  legacy: boolean;
}

export const emptyHead = (): ContentHead => ({
  version: 0,
  epoch: 1,
  position: FEED_START,
  computedAt: null,
  eventsThrough: null,
  links: 0,
  edgeChunks: 0,
  summary: null,
  report: null,
  nextMaturityAt: null,
  legacy: false,
});

// DynamoDB items hold 400 KB; the head's summary and report stay far below for any real content.
const HEAD_BYTES_LIMIT = 350 * 1024;
/** The head's summary and report don't fit one item: the content cannot be aggregated further. */
export class ContentHeadTooLarge extends Error {
  constructor(contentId: string, bytes: number) {
    super(`The aggregate head of content ${contentId} would take ${bytes} bytes, over ${HEAD_BYTES_LIMIT}`);
    this.name = 'ContentHeadTooLarge';
  }
}

/** The head as stored: a head without `format` was written by the whole-state layout. */
export function headOf(item: Record<string, unknown> | undefined): ContentHead {
  if (!item) return emptyHead();
  if (item.format !== 2) return { ...emptyHead(), version: Number(item.version ?? 0), epoch: 0, legacy: true };
  const unpack = <T>(data: unknown): T | null => (data ? (JSON.parse(gunzipSync(data as Uint8Array).toString('utf8')) as T) : null);
  const summary = unpack<ContentSummary>(item.summary);
  const stored = unpack<StoredReport>(item.report);
  return {
    version: Number(item.version),
    epoch: Number(item.epoch),
    position: String(item.position),
    computedAt: (item.computedAt as string | null | undefined) ?? null,
    eventsThrough: (item.eventsThrough as string | null | undefined) ?? null,
    links: Number(item.links ?? 0),
    edgeChunks: Number(item.edgeChunks ?? 0),
    summary,
    report:
      stored && summary ? { ...stored, perGeneration: perGenerationRows(stored.generationSizes, summary.generationClicks, summary.generationVisitors) } : null,
    nextMaturityAt: (item.nextMaturityAt as string | null | undefined) ?? null,
    legacy: false,
  };
}

/** The head item a commit from `base` writes. */
export function headItem(workspaceId: string, contentId: string, base: ContentHead, next: HeadFields, edgeChunks: number) {
  const summary = gzipSync(JSON.stringify(next.summary));
  // Its per-generation rows follow from its generation sizes and the summary's per-generation
  // counts: not stored twice (a deep cascade's rows would be most of the head).
  const { perGeneration: _rows, ...stored } = next.report;
  const report = gzipSync(JSON.stringify(stored satisfies StoredReport));
  if (summary.length + report.length > HEAD_BYTES_LIMIT) throw new ContentHeadTooLarge(contentId, summary.length + report.length);
  return {
    ...keys.aggregateHead(workspaceId, contentId),
    type: 'aggregateHead',
    format: 2,
    version: base.version + 1,
    epoch: base.epoch,
    position: next.position,
    computedAt: next.computedAt,
    eventsThrough: next.eventsThrough,
    links: next.links.length,
    edgeChunks,
    summary,
    report,
    nextMaturityAt: next.nextMaturityAt,
  };
}

/** The head of a content emptied back to the start of the feed under a new epoch (a rebuild). */
export function resetHeadItem(workspaceId: string, contentId: string, base: ContentHead, now: Date) {
  return {
    ...keys.aggregateHead(workspaceId, contentId),
    type: 'aggregateHead',
    format: 2,
    version: base.version + 1,
    epoch: base.epoch + 1,
    position: FEED_START,
    computedAt: now.toISOString(),
    eventsThrough: null,
    links: 0,
    edgeChunks: 0,
  };
}

/** Puts a head if the stored one is still at `baseVersion` (compare-and-set); false when it moved. */
export async function putHead(db: Db, item: Record<string, unknown>, baseVersion: number): Promise<boolean> {
  const written = await ifConditionHolds(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: item,
        ConditionExpression: baseVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
        ExpressionAttributeValues: baseVersion === 0 ? undefined : { ':version': baseVersion },
      }),
    ),
  );
  return written !== null;
}

/** The report as the head keeps it: without the rows it can derive. */
type StoredReport = Omit<Report, 'perGeneration'>;

/** What a commit changes in the head. */
export interface HeadFields {
  position: FeedPosition;
  computedAt: string;
  eventsThrough: string;
  summary: ContentSummary;
  report: Report;
  nextMaturityAt: string | null;
  /** Every link (the head keeps only how many). */
  links: { readonly length: number };
}
