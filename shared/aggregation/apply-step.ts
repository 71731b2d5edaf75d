import { forEachLimit } from '../concurrency.js';
import type { Click } from '../domain/click.js';
import type { VisitorFirsts } from '../domain/aggregate/content-aggregate.js';
import { firstArrivalOf, firstsOf, proposeMarks, reshareArrival } from '../domain/aggregate/visitor-marks.js';
import type { ArrivalChannel } from '../domain/arrival-channel.js';
import type { Content } from '../domain/content.js';
import { logError } from '../log.js';
import type { FeedRecord } from '../store/activity.js';
import type { AggregationDeps } from './aggregation-deps.js';
import { type ContentOutcome, type StepEnd, updateContent } from './content-update.js';
import { type ContentRef, contentMap, KeyedMap } from './keyed-map.js';

/**
 * Which contents a step updates: every content not set aside (the feed pass), or the one catching
 * up. Only the feed pass records the visits of the contents left out: a catch-up re-reads visits
 * the feed pass recorded long ago, and would move a visitor's last touch back in time.
 */
export interface StepScope {
  includes(ref: ContentRef): boolean;
  recordsOtherVisits: boolean;
}

export interface StepResult {
  outcomes: [ContentRef, ContentOutcome][];
  visitors: number;
  unattributedConversions: number;
  skippedEvents: number;
}

type ConversionRecord = FeedRecord & { type: 'conversion' };
interface VisitorRef {
  workspaceId: string;
  visitorId: string;
}
const visitorMap = <V>() => new KeyedMap<VisitorRef, V>((ref) => [ref.workspaceId, ref.visitorId]);
const refOf = ({ workspaceId, contentId }: ContentRef): ContentRef => ({ workspaceId, contentId });
const visitOfContent = <V>() => new KeyedMap<ContentRef & VisitorRef, V>((ref) => [ref.workspaceId, ref.visitorId, ref.contentId]);

// One step of the feed, in the order docs/architecture.md gives: skip malformed events; attribute
// visitor conversions; set the visitors' marks (which clicks were firsts), then read how each
// re-share's creator had arrived (this step's marks included); update each content.
export async function applyStep(
  deps: AggregationDeps,
  records: readonly FeedRecord[],
  end: StepEnd,
  scope: StepScope,
  contentOf: (ref: ContentRef) => Promise<Content | null>,
): Promise<StepResult> {
  const skippedEvents = skipMalformed(records);
  const { contents, unattributed } = await attributeConversions(deps, records);
  const { firsts, visitors } = await markVisitors(deps, records, scope);
  const creatorArrivals = await arrivalsOfCreators(deps, records, scope);
  const byContent = contentMap<FeedRecord[]>();
  for (const record of records) {
    const ref = contents.get(record);
    if (ref && scope.includes(ref)) byContent.upsert(ref, () => []).push(record);
  }
  const outcomes: [ContentRef, ContentOutcome][] = [];
  await forEachLimit(byContent.entries(), deps.settings.contentConcurrency, async ([ref, list]) => {
    outcomes.push([ref, await updateContent(deps, { ...ref, content: await contentOf(ref) }, list, end, firsts, creatorArrivals)]);
  });
  return { outcomes, visitors, unattributedConversions: unattributed, skippedEvents };
}

function skipMalformed(records: readonly FeedRecord[]): number {
  let skipped = 0;
  for (const record of records) {
    if (record.type !== 'malformed') continue;
    skipped++;
    logError('Feed event skipped: it cannot be read whole', new Error(record.reason), { position: record.position });
  }
  return skipped;
}

// A conversion given by visitor goes to the content of the visitor's latest human click before it:
// in this step if there is one, else as the marks knew it before this step (read before this step's
// marks move it on). Fixed on first attribution, so reruns agree.
async function attributeConversions(deps: AggregationDeps, records: readonly FeedRecord[]) {
  const contents = new Map<FeedRecord, ContentRef>();
  const latestClick = visitorMap<Click>();
  const toAttribute: [ConversionRecord, string | null][] = [];
  for (const record of records) {
    if (record.type === 'link') contents.set(record, refOf(record.link));
    else if (record.type === 'click') {
      contents.set(record, refOf(record.click));
      if (!record.click.bot) latestClick.set(record.click, record.click);
    } else if (record.type === 'conversion') {
      const { workspaceId, contentId, visitorId } = record.conversion;
      if (contentId) contents.set(record, { workspaceId, contentId });
      else if (visitorId) toAttribute.push([record, latestClick.get({ workspaceId, visitorId })?.contentId ?? null]);
    }
  }
  let unattributed = 0;
  await forEachLimit(toAttribute, deps.settings.visitorConcurrency, async ([record, inStep]) => {
    const { workspaceId, visitorId, externalId } = record.conversion;
    const target = inStep ?? (visitorId ? (await deps.marks.lastTouch(workspaceId, visitorId))?.contentId : undefined);
    if (target) contents.set(record, { workspaceId, contentId: await deps.conversions.attribute(workspaceId, externalId, target) });
    else unattributed++;
  });
  return { contents, unattributed };
}

// Visitor marks, per visitor and content: which human clicks were firsts. Contents out of scope
// (set aside) get no marks — they derive them when they catch up — but the visit time is still
// recorded, since later conversions are attributed by it.
async function markVisitors(deps: AggregationDeps, records: readonly FeedRecord[], scope: StepScope) {
  const inScope = visitOfContent<{ clicks: Click[]; firstPosition: string }>();
  const outOfScope = visitOfContent<Click>();
  for (const record of records) {
    if (record.type !== 'click' || record.click.bot) continue;
    if (scope.includes(record.click)) inScope.upsert(record.click, () => ({ clicks: [], firstPosition: record.position })).clicks.push(record.click);
    else if (scope.recordsOtherVisits) outOfScope.set(record.click, record.click);
  }
  const firsts = new Map<string, VisitorFirsts>();
  await forEachLimit(inScope.values(), deps.settings.visitorConcurrency, async ({ clicks, firstPosition }) => {
    const [first] = clicks;
    const latest = clicks.at(-1);
    if (!first || !latest) return;
    const { workspaceId, visitorId, contentId } = first;
    const proposals = proposeMarks(clicks, deps.markNames);
    const firstArrival = firstArrivalOf(first, firstPosition);
    const stored = await deps.marks.mark({ workspaceId, visitorId, contentId, proposals, firstArrival, lastAt: latest.at });
    for (const click of clicks) firsts.set(click.id, firstsOf(click, stored, deps.markNames));
  });
  await forEachLimit(outOfScope.values(), deps.settings.visitorConcurrency, async (latest) => {
    await deps.marks.mark({ workspaceId: latest.workspaceId, visitorId: latest.visitorId, contentId: latest.contentId, proposals: {}, lastAt: latest.at });
  });
  const visitors = visitorMap<true>();
  for (const ref of inScope.keys()) visitors.set(ref, true);
  return { firsts, visitors: visitors.size };
}

// The channel each re-share link of the step counts for (docs/metrics.md, "Arrivals"): how its
// creator first came to the content, read after this step's marks are set. Fixed by the feed, so
// reruns agree: the first arrival is set once, and counts only if it came before the link.
async function arrivalsOfCreators(deps: AggregationDeps, records: readonly FeedRecord[], scope: StepScope) {
  const reshares = visitOfContent<{ code: string; position: string }[]>();
  for (const record of records) {
    if (record.type !== 'link' || record.link.generation === 0 || record.link.creatorVisitorId === null || !scope.includes(record.link)) continue;
    const { workspaceId, contentId, creatorVisitorId: visitorId, code } = record.link;
    reshares.upsert({ workspaceId, contentId, visitorId }, () => []).push({ code, position: record.position });
  }
  const arrivals = new Map<string, ArrivalChannel>();
  await forEachLimit(reshares.entries(), deps.settings.visitorConcurrency, async ([{ workspaceId, visitorId, contentId }, links]) => {
    const stored = await deps.marks.firstTouch(workspaceId, visitorId, contentId);
    for (const { code, position } of links) {
      const channel = reshareArrival(stored, position);
      if (channel !== null) arrivals.set(code, channel);
    }
  });
  return arrivals;
}
