import { applyEvents, type ContentWork, contentWork, type FeedEvent, type VisitorFirsts } from '../domain/aggregate/content-aggregate.js';
import { emptySummary, newlyMatureLinks, nextMaturityMs, settleSummary, storedSummary } from '../domain/aggregate/content-summary.js';
import { parentPosition } from '../domain/aggregate/link-index.js';
import type { ArrivalChannel } from '../domain/arrival-channel.js';
import type { Content } from '../domain/content.js';
import { contentReport } from '../domain/report.js';
import { StoreUnavailable } from '../errors.js';
import type { FeedPosition, FeedRecord } from '../store/activity.js';
import { dayOfHour } from '../store/content-parts.js';
import type { ContentHead, LoadedDays, LoadedStructure, LoadedTallies } from '../store/content-state.js';
import type { AggregationDeps } from './aggregation-deps.js';
import type { ContentRef } from './keyed-map.js';

/** What became of one content in a step. Store faults are not outcomes: they end the run. */
export type ContentOutcome =
  | { kind: 'committed' }
  /** A previous attempt already committed this content through the step. */
  | { kind: 'already' }
  /** Another run committed this content first (or moved its parts on): this run must stop. */
  | { kind: 'preempted' }
  /** This content cannot be updated (a bug, a corrupt part, an old layout): set it aside. */
  | { kind: 'failed'; error: unknown };

export interface StepEnd {
  position: FeedPosition;
  through: string;
}

/** An aggregate in the layout before this one: it is rebuilt from the start of the feed. */
export class LegacyAggregate extends Error {
  constructor() {
    super('aggregate kept in the old whole-state layout: rebuilding it from the start of the feed');
    this.name = 'LegacyAggregate';
  }
}

const DEFAULT_WINDOW_SECONDS = 86_400;

// One content through a step: its head, the parts this step's events touch, the events it has not
// applied yet, maturity settled at the step's end, the report computed once, thresholds checked,
// then one commit (parts first, the head by compare-and-set).
export async function updateContent(
  deps: AggregationDeps,
  target: ContentRef & { content: Content | null },
  records: readonly FeedRecord[],
  end: StepEnd,
  firsts: ReadonlyMap<string, VisitorFirsts>,
  /** The arrival channel each re-share link counts for, by code (absent: none). */
  creatorArrivals: ReadonlyMap<string, ArrivalChannel> = new Map(),
): Promise<ContentOutcome> {
  try {
    const head = await deps.state.readHead(target.workspaceId, target.contentId);
    if (head.legacy) return await setUpRebuild(deps, target, head);
    if (head.position >= end.position) return { kind: 'already' };
    const events = records.filter((record) => record.position > head.position).flatMap((record) => feedEvent(record, firsts, creatorArrivals));
    const windowMs = (target.content?.kWindowSeconds ?? DEFAULT_WINDOW_SECONDS) * 1000;
    const loaded = await loadWork(deps, target, head, events, windowMs);
    if (!loaded) return await staleOrCorrupt(deps, target, head);
    applyEvents(loaded.work, events);
    return await settleAndCommit(deps, target, head, loaded, end);
  } catch (error) {
    if (error instanceof StoreUnavailable) throw error;
    return { kind: 'failed', error };
  }
}

interface LoadedWork {
  work: ContentWork;
  structure: LoadedStructure;
  tallies: LoadedTallies;
  days: LoadedDays;
}

// The structure, and the tallies and series days this step's events touch, as of the head.
async function loadWork(deps: AggregationDeps, { workspaceId, contentId }: ContentRef, head: ContentHead, events: FeedEvent[], windowMs: number) {
  const codes = events.flatMap((event) => (event.kind === 'click' ? [event.click.code] : []));
  const days = events.map((event) => dayOfHour(Date.parse(eventTime(event))));
  const [structure, tallies, series] = await Promise.all([
    deps.state.readStructure(workspaceId, contentId, head),
    deps.state.readTallies(workspaceId, contentId, head, codes),
    deps.state.readDays(workspaceId, contentId, head, days),
  ]);
  if (!structure.ok || !tallies.ok || !series.ok) return null;
  const { links, sealedIndex } = structure.value;
  const work = contentWork(head.summary ? storedSummary(head.summary) : emptySummary(windowMs), links, sealedIndex);
  for (const [code, tally] of tallies.value.tallies) work.tallies.set(code, { ...tally });
  for (const [hour, counts] of series.value.hours) work.hours.set(hour, { ...counts });
  return { work, structure: structure.value, tallies: tallies.value, days: series.value } satisfies LoadedWork;
}

async function settleAndCommit(
  deps: AggregationDeps,
  target: ContentRef & { content: Content | null },
  head: ContentHead,
  loaded: LoadedWork,
  end: StepEnd,
): Promise<ContentOutcome> {
  const { work } = loaded;
  const throughMs = Date.parse(end.through);
  const matured = await deps.state.readTallies(
    target.workspaceId,
    target.contentId,
    head,
    newlyMatureLinks(work, throughMs).filter((code) => !work.tallies.has(code)),
  );
  if (!matured.ok) return await staleOrCorrupt(deps, target, head);
  settleSummary(work, throughMs, matured.value.tallies);
  const now = deps.clock();
  const { report, parts } = contentReport(work.links, work.summary, { computedAt: now.toISOString(), eventsThrough: end.through }, { index: work.indexOf });
  if (target.content)
    await deps.thresholds?.evaluate({ workspaceId: target.workspaceId, content: target.content, report, matureLinks: parts.cascade.matureLinks, now });
  const nextMaturity = nextMaturityMs(work, work.summary.mature.windowMs, throughMs);
  const nextMaturityAt = nextMaturity === null ? null : new Date(nextMaturity).toISOString();
  // Watched before the commit: a crash in between only makes a later run look once too often.
  if (nextMaturityAt !== null && nextMaturityAt !== head.nextMaturityAt) {
    await deps.maturityWatch.watch({ dueAt: nextMaturityAt, workspaceId: target.workspaceId, contentId: target.contentId });
  }
  const outcome = await deps.state.commit(target.workspaceId, target.contentId, head, {
    position: end.position,
    computedAt: now.toISOString(),
    eventsThrough: end.through,
    summary: work.summary,
    report,
    nextMaturityAt,
    links: work.links,
    parentAt: (position) => parentPosition(work.links, work.indexOf, position),
    chunks: loaded.structure.tail,
    tallies: { changed: work.changedTallies, values: work.tallies, parts: loaded.tallies.parts },
    days: { changed: new Set([...work.changedHours].map(dayOfHour)), hours: work.hours, parts: loaded.days.parts },
  });
  return outcome === 'committed' ? { kind: 'committed' } : { kind: 'preempted' };
}

/** A content's parts are missing at its own head, with no commit since: they were lost, not replaced. */
export class ContentPartsMissing extends Error {
  constructor(contentId: string) {
    super(`parts of content ${contentId} are missing at its head: rebuild it (npm run aggregate -- --rebuild <workspace>/<content>)`);
    this.name = 'ContentPartsMissing';
  }
}

// Parts newer than our head everywhere mean another run committed since (we are preempted) —
// unless the head has not moved, when they are simply gone.
async function staleOrCorrupt(deps: AggregationDeps, target: ContentRef, head: ContentHead): Promise<ContentOutcome> {
  const now = await deps.state.readHead(target.workspaceId, target.contentId);
  return now.version === head.version ? { kind: 'failed', error: new ContentPartsMissing(target.contentId) } : { kind: 'preempted' };
}

// An aggregate of the earlier layout is emptied under a new epoch and the content set aside: the
// catch-up pass then rebuilds it from the start of the feed.
async function setUpRebuild(deps: AggregationDeps, target: ContentRef, head: ContentHead): Promise<ContentOutcome> {
  const reset = await deps.state.reset(target.workspaceId, target.contentId, head, deps.clock());
  return reset === 'committed' ? { kind: 'failed', error: new LegacyAggregate() } : { kind: 'preempted' };
}

const eventTime = (event: FeedEvent) => (event.kind === 'link' ? event.link.createdAt : event.kind === 'click' ? event.click.at : event.at);

function feedEvent(record: FeedRecord, firsts: ReadonlyMap<string, VisitorFirsts>, creatorArrivals: ReadonlyMap<string, ArrivalChannel>): FeedEvent[] {
  if (record.type === 'link') return [{ kind: 'link', link: record.link, creatorArrival: creatorArrivals.get(record.link.code) ?? null }];
  if (record.type === 'click') return [{ kind: 'click', click: record.click, firsts: firsts.get(record.click.id) ?? null }];
  if (record.type === 'conversion') {
    return [{ kind: 'conversion', value: record.conversion.value, currency: record.conversion.currency, at: record.conversion.createdAt }];
  }
  return [];
}
