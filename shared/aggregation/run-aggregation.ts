import { randomUUID } from 'node:crypto';
import { forEachLimit } from '../concurrency.js';
import type { Click } from '../domain/click.js';
import { applyEvents, type FeedEvent, type VisitorFirsts } from '../domain/aggregate/content-aggregate.js';
import { firstsOf, type MarkNames, proposeMarks } from '../domain/aggregate/visitor-marks.js';
import { RippleError } from '../errors.js';
import { logError } from '../log.js';
import { type FeedPosition, type FeedRecord, type FeedStep, feedPositionAt } from '../store/activity.js';
import type { AggregateStore } from '../store/aggregates.js';
import type { ConversionStore } from '../store/conversions.js';
import type { MaturityWatchStore } from '../store/maturity-watch.js';
import type { VisitorMarkStore } from '../store/visitor-marks.js';
import type { ThresholdDetector } from './threshold-detector.js';

export interface AggregationDeps {
  readFeedStep(request: { after: FeedPosition; until: FeedPosition; maxEvents: number }): Promise<FeedStep>;
  aggregates: AggregateStore;
  marks: VisitorMarkStore;
  markNames: MarkNames;
  conversions: Pick<ConversionStore, 'attribute'>;
  /** Webhook thresholds, checked on each content's new aggregate (absent: no webhooks). */
  thresholds?: ThresholdDetector;
  /** Contents to look at again when a re-share link matures (absent: no webhooks). */
  maturityWatch?: Pick<MaturityWatchStore, 'due' | 'done'>;
  clock: () => Date;
  settings: {
    /** Events younger than this are left for the next run (index propagation, slow writes). */
    lagMs: number;
    maxEventsPerStep: number;
    leaseMs: number;
    visitorConcurrency: number;
    contentConcurrency: number;
  };
}

export interface AggregationOptions {
  /** Aggregate through this time (default: now − lag). */
  until?: Date;
  /** Start no new step after this (epoch ms): a Lambda stops well before its timeout. */
  deadlineMs?: number;
  /** Recompute this content from the start of the feed. */
  rebuild?: { workspaceId: string; contentId: string };
}

export type AggregationResult =
  | { status: 'skipped'; reason: string }
  | {
      status: 'done';
      steps: number;
      events: number;
      contents: number;
      visitors: number;
      unattributedConversions: number;
      /** Feed items that could not be read whole: logged and skipped. */
      skippedEvents: number;
      /** Contents that could not be updated and wait to catch up (logged, listed in the store). */
      laggingContents: number;
      /** False when the deadline stopped the run before `until`: the next run continues. */
      complete: boolean;
      through: string;
    };

/** A run found its work taken over (its lease expired and another run committed): it stops. */
export class AggregationPreempted extends Error {
  constructor(what: string) {
    super(`Another aggregation run committed ${what} first; this run stops and the next resumes`);
    this.name = 'AggregationPreempted';
  }
}

/** Which contents a step updates, and what to do when one of them cannot be updated. */
interface StepScope {
  includes(workspaceId: string, contentId: string): boolean;
  onContentFailure(workspaceId: string, contentId: string, error: unknown): Promise<void>;
}

// Store faults and lost races end the run (the next one retries); anything else belongs to one
// content and must not hold back every other tenant.
const endsTheRun = (error: unknown) =>
  error instanceof AggregationPreempted || (error instanceof RippleError && error.code === 'unavailable');

const contentKey = (workspaceId: string, contentId: string) => `${workspaceId}\n${contentId}`;

// One aggregation run: under a lease, read the activity feed from the checkpoint in bounded
// steps; per step, attribute visitor conversions, set the visitors' marks, then update each
// touched content's aggregate (compare-and-set on its version), and only then advance the
// checkpoint. A crash anywhere leaves the checkpoint behind: the next run re-reads the step, skips
// what each content already applied (its own position), and re-derives the same firsts from the
// marks. A content that cannot be updated is set aside as lagging — the feed moves on for everyone
// else — and caught up from its own position by later runs.
export async function runAggregation(deps: AggregationDeps, options: AggregationOptions = {}): Promise<AggregationResult> {
  const { aggregates, clock, settings } = deps;
  const owner = randomUUID();
  if (!(await aggregates.acquireLease(owner, clock(), settings.leaseMs))) {
    return { status: 'skipped', reason: 'another aggregation run holds the lease' };
  }
  const outOfTime = () => options.deadlineMs !== undefined && Date.now() >= options.deadlineMs;
  const renewLease = async () => {
    if (!(await aggregates.acquireLease(owner, clock(), settings.leaseMs))) throw new AggregationPreempted('the lease');
  };
  // Subscriptions made since the last run count from this one.
  deps.thresholds?.startRun();
  try {
    if (options.rebuild) {
      const { workspaceId, contentId } = options.rebuild;
      if (!(await aggregates.reset(workspaceId, contentId, clock()))) throw new AggregationPreempted(`content ${contentId}`);
      await aggregates.markLagging(workspaceId, contentId, 'rebuild requested', clock());
    }
    const lagging = new Set((await aggregates.laggingContents()).map((content) => contentKey(content.workspaceId, content.contentId)));
    const newlyLagging = new Set<string>();
    const totals = { steps: 0, events: 0, contents: new Set<string>(), visitors: 0, unattributedConversions: 0, skippedEvents: 0 };
    const count = (stepTotals: Awaited<ReturnType<typeof applyStep>>, events: number) => {
      totals.steps++;
      totals.events += events;
      totals.visitors += stepTotals.visitors;
      totals.unattributedConversions += stepTotals.unattributedConversions;
      totals.skippedEvents += stepTotals.skippedEvents;
      for (const content of stepTotals.contents) totals.contents.add(content);
    };
    const setAside = async (workspaceId: string, contentId: string, error: unknown) => {
      logError('Content set aside as lagging: it could not be updated', error, { workspaceId, contentId });
      lagging.add(contentKey(workspaceId, contentId));
      newlyLagging.add(contentKey(workspaceId, contentId));
      await aggregates.markLagging(workspaceId, contentId, error instanceof Error ? error.message : String(error), clock());
    };

    // The feed, for every content not lagging.
    const untilTime = options.until ?? new Date(clock().getTime() - settings.lagMs);
    const until = feedPositionAt(untilTime);
    let checkpoint = await aggregates.feedCheckpoint();
    let complete = true;
    const mainScope: StepScope = {
      includes: (workspaceId, contentId) => !lagging.has(contentKey(workspaceId, contentId)),
      onContentFailure: setAside,
    };
    while (checkpoint.position < until) {
      if (outOfTime()) {
        complete = false;
        break;
      }
      const step = await deps.readFeedStep({ after: checkpoint.position, until, maxEvents: settings.maxEventsPerStep });
      const through = step.complete ? untilTime.toISOString() : justBefore(step.through);
      count(await applyStep(deps, step.events, { position: step.through, through }, mainScope), step.events.length);
      const next = { position: step.through, through, computedAt: clock().toISOString() };
      if (!(await aggregates.advanceFeedCheckpoint(checkpoint.position, next))) throw new AggregationPreempted('the feed checkpoint');
      checkpoint = next;
      if (step.complete) break;
      await renewLease();
    }

    // Contents with no new events whose next re-share link has matured: K may have crossed by time.
    if (deps.thresholds && deps.maturityWatch && checkpoint.through) {
      for (const due of await deps.maturityWatch.due(checkpoint.through)) {
        if (outOfTime()) break;
        if (!lagging.has(contentKey(due.workspaceId, due.contentId))) {
          try {
            const { aggregate } = await aggregates.load(due.workspaceId, due.contentId);
            await deps.thresholds.evaluate({ ...due, aggregate, eventsThrough: checkpoint.through, now: clock() });
          } catch (error) {
            if (endsTheRun(error)) throw error;
            logError('Maturity check failed', error, { ...due });
          }
        }
        await deps.maturityWatch.done(due);
      }
    }

    // Lagging contents (not those set aside just now), each from its own position to the checkpoint.
    for (const key of lagging) {
      if (newlyLagging.has(key) || outOfTime()) continue;
      const [workspaceId = '', contentId = ''] = key.split('\n');
      const onlyThis: StepScope = {
        includes: (ws, id) => ws === workspaceId && id === contentId,
        onContentFailure: async (ws, id, error) => {
          await setAside(ws, id, error);
          throw new CatchUpFailed();
        },
      };
      try {
        // Catching up re-reads the feed (every tenant's events) from the content's own position:
        // a few steps' worth per run, so that one lagging content cannot hold a run for long.
        let from = (await aggregates.load(workspaceId, contentId)).head.position;
        for (let read = 0; from < checkpoint.position && read < 4 * settings.maxEventsPerStep && !outOfTime(); ) {
          const step = await deps.readFeedStep({ after: from, until: checkpoint.position, maxEvents: settings.maxEventsPerStep });
          const through = step.complete ? (checkpoint.through ?? untilTime.toISOString()) : justBefore(step.through);
          count(await applyStep(deps, step.events, { position: step.through, through }, onlyThis), step.events.length);
          read += Math.max(1, step.events.length);
          from = step.through;
          await renewLease();
        }
        if (from >= checkpoint.position) {
          await aggregates.clearLagging(workspaceId, contentId);
          lagging.delete(key);
        }
      } catch (error) {
        if (endsTheRun(error)) throw error;
        if (!(error instanceof CatchUpFailed)) await setAside(workspaceId, contentId, error);
      }
    }

    return {
      status: 'done',
      steps: totals.steps,
      events: totals.events,
      contents: totals.contents.size,
      visitors: totals.visitors,
      unattributedConversions: totals.unattributedConversions,
      skippedEvents: totals.skippedEvents,
      laggingContents: lagging.size,
      complete,
      through: checkpoint.through ?? untilTime.toISOString(),
    };
  } finally {
    await aggregates.releaseLease(owner);
  }
}

class CatchUpFailed extends Error {}

// Events at a step's last instant with later ids are not in yet: the step covers up to just before.
const justBefore = (position: FeedPosition) => new Date(Date.parse(position.slice(0, 24)) - 1).toISOString();

async function applyStep(deps: AggregationDeps, records: FeedRecord[], end: { position: FeedPosition; through: string }, scope: StepScope) {
  const { settings } = deps;
  const visitorKey = (workspaceId: string, visitorId: string) => `${workspaceId}\n${visitorId}`;

  let skippedEvents = 0;
  for (const record of records) {
    if (record.type !== 'malformed') continue;
    skippedEvents++;
    logError('Feed event skipped: it cannot be read whole', new Error(record.reason), { position: record.position });
  }

  // 1. A conversion given by visitor goes to the content of the visitor's latest human click before
  //    it: in this step if there is one, else as the marks knew it before this step (read before
  //    this step's marks move it on). Fixed on first attribution, so reruns agree.
  const contentOf = new Map<FeedRecord, string>();
  const latestClick = new Map<string, Click>();
  const toAttribute: [FeedRecord & { type: 'conversion' }, string | null][] = [];
  for (const record of records) {
    if (record.type === 'link') contentOf.set(record, record.link.contentId);
    else if (record.type === 'click') {
      contentOf.set(record, record.click.contentId);
      if (!record.click.bot) latestClick.set(visitorKey(record.click.workspaceId, record.click.visitorId), record.click);
    } else if (record.type === 'conversion') {
      if (record.conversion.contentId) contentOf.set(record, record.conversion.contentId);
      else if (record.conversion.visitorId) {
        const inStep = latestClick.get(visitorKey(record.conversion.workspaceId, record.conversion.visitorId));
        toAttribute.push([record, inStep?.contentId ?? null]);
      }
    }
  }
  let unattributedConversions = 0;
  await forEachLimit(toAttribute, settings.visitorConcurrency, async ([record, inStep]) => {
    const { workspaceId, visitorId, externalId } = record.conversion;
    const target = inStep ?? (visitorId ? (await deps.marks.lastTouch(workspaceId, visitorId))?.contentId : undefined);
    if (target) contentOf.set(record, await deps.conversions.attribute(workspaceId, externalId, target));
    else unattributedConversions++;
  });

  // 2. Visitor marks, per visitor and content: which human clicks were firsts. Contents out of
  //    scope (set aside) get no marks — they will derive them when they catch up — but the visit
  //    time is still recorded, since later conversions are attributed by it.
  const humanClicks = new Map<string, Click[]>();
  const outOfScopeVisits = new Map<string, Click>();
  for (const record of records) {
    if (record.type !== 'click' || record.click.bot) continue;
    const { workspaceId, visitorId, contentId } = record.click;
    const key = `${visitorKey(workspaceId, visitorId)}\n${contentId}`;
    if (!scope.includes(workspaceId, contentId)) {
      outOfScopeVisits.set(key, record.click);
      continue;
    }
    const group = humanClicks.get(key);
    if (group) group.push(record.click);
    else humanClicks.set(key, [record.click]);
  }
  const firsts = new Map<string, VisitorFirsts>();
  await forEachLimit(humanClicks.values(), settings.visitorConcurrency, async (clicks) => {
    const [first] = clicks;
    const latest = clicks.at(-1);
    if (!first || !latest) return;
    const stored = await deps.marks.mark({
      workspaceId: first.workspaceId,
      visitorId: first.visitorId,
      contentId: first.contentId,
      proposals: proposeMarks(clicks, deps.markNames),
      lastAt: latest.at,
    });
    for (const click of clicks) firsts.set(click.id, firstsOf(click, stored, deps.markNames));
  });
  await forEachLimit(outOfScopeVisits.values(), settings.visitorConcurrency, async (latest) => {
    await deps.marks.mark({ workspaceId: latest.workspaceId, visitorId: latest.visitorId, contentId: latest.contentId, proposals: {}, lastAt: latest.at });
  });
  const visitors = new Set([...humanClicks.keys()].map((key) => key.split('\n').slice(0, 2).join('\n'))).size;

  // 3. Each content in scope: load, apply what it has not applied yet, compare-and-set.
  const byContent = new Map<string, FeedRecord[]>();
  for (const record of records) {
    const contentId = contentOf.get(record);
    const workspaceId = workspaceOf(record);
    if (!contentId || workspaceId === null || !scope.includes(workspaceId, contentId)) continue;
    const key = contentKey(workspaceId, contentId);
    const group = byContent.get(key);
    if (group) group.push(record);
    else byContent.set(key, [record]);
  }
  await forEachLimit(byContent.entries(), settings.contentConcurrency, async ([key, list]) => {
    const [workspaceId = '', contentId = ''] = key.split('\n');
    try {
      const { head, aggregate } = await deps.aggregates.load(workspaceId, contentId);
      if (head.position >= end.position) return; // a previous attempt got this content through this step
      const fresh = list.filter((record) => record.position > head.position).map((record) => feedEvent(record, firsts));
      applyEvents(aggregate, fresh);
      // Thresholds first: a crash after this and before the commit only makes the rerun check again.
      await deps.thresholds?.evaluate({ workspaceId, contentId, aggregate, eventsThrough: end.through, now: deps.clock() });
      const committed = await deps.aggregates.commit(workspaceId, contentId, head, {
        aggregate,
        position: end.position,
        computedAt: deps.clock().toISOString(),
        eventsThrough: end.through,
      });
      if (!committed) throw new AggregationPreempted(`content ${contentId}`);
    } catch (error) {
      if (endsTheRun(error)) throw error;
      await scope.onContentFailure(workspaceId, contentId, error);
    }
  });

  return { visitors, unattributedConversions, skippedEvents, contents: [...byContent.keys()] };
}

function workspaceOf(record: FeedRecord): string | null {
  if (record.type === 'link') return record.link.workspaceId;
  if (record.type === 'click') return record.click.workspaceId;
  if (record.type === 'conversion') return record.conversion.workspaceId;
  return null;
}

function feedEvent(record: FeedRecord, firsts: Map<string, VisitorFirsts>): FeedEvent {
  if (record.type === 'link') return { kind: 'link', link: record.link };
  if (record.type === 'click') return { kind: 'click', click: record.click, firsts: firsts.get(record.click.id) ?? null };
  if (record.type === 'conversion') return { kind: 'conversion', value: record.conversion.value, currency: record.conversion.currency };
  throw new Error('malformed records are never applied');
}
