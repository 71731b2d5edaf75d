import { randomUUID } from 'node:crypto';
import { forEachLimit } from '../concurrency.js';
import type { Click } from '../domain/click.js';
import { applyEvents, type FeedEvent, type VisitorFirsts } from '../domain/aggregate/content-aggregate.js';
import { firstsOf, type MarkNames, proposeMarks } from '../domain/aggregate/visitor-marks.js';
import { type FeedPosition, type FeedRecord, type FeedStep, feedPositionAt } from '../store/activity.js';
import type { AggregateStore } from '../store/aggregates.js';
import type { ConversionStore } from '../store/conversions.js';
import type { VisitorMarkStore } from '../store/visitor-marks.js';

export interface AggregationDeps {
  readFeedStep(request: { after: FeedPosition; until: FeedPosition; maxEvents: number }): Promise<FeedStep>;
  aggregates: AggregateStore;
  marks: VisitorMarkStore;
  markNames: MarkNames;
  conversions: Pick<ConversionStore, 'attribute'>;
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

export type AggregationResult =
  | { status: 'skipped'; reason: string }
  | {
      status: 'done';
      steps: number;
      events: number;
      contents: number;
      visitors: number;
      unattributedConversions: number;
      through: string;
    };

/** A run found its work taken over (its lease expired and another run committed): it stops. */
export class AggregationPreempted extends Error {
  constructor(what: string) {
    super(`Another aggregation run committed ${what} first; this run stops and the next resumes`);
    this.name = 'AggregationPreempted';
  }
}

// One aggregation run: under a lease, read the activity feed from the checkpoint in bounded
// steps; per step, set the visitors' marks, attribute visitor conversions, then update each
// touched content's aggregate (compare-and-set on its version), and only then advance the
// checkpoint. A crash anywhere leaves the checkpoint behind: the next run re-reads the step, skips
// what each content already applied (its own position), and re-derives the same firsts from the
// marks, so the reports come out as after one clean run.
export async function runAggregation(deps: AggregationDeps, options: { until?: Date } = {}): Promise<AggregationResult> {
  const { aggregates, clock, settings } = deps;
  const owner = randomUUID();
  if (!(await aggregates.acquireLease(owner, clock(), settings.leaseMs))) {
    return { status: 'skipped', reason: 'another aggregation run holds the lease' };
  }
  try {
    const untilTime = options.until ?? new Date(clock().getTime() - settings.lagMs);
    const until = feedPositionAt(untilTime);
    let checkpoint = await aggregates.feedCheckpoint();
    const totals = { steps: 0, events: 0, contents: new Set<string>(), visitors: 0, unattributedConversions: 0 };
    for (;;) {
      if (checkpoint.position >= until) break;
      const step = await deps.readFeedStep({ after: checkpoint.position, until, maxEvents: settings.maxEventsPerStep });
      // Events at the step's last instant with later ids are not in yet: it covers up to just before.
      const through = step.complete ? untilTime.toISOString() : new Date(Date.parse(step.through.slice(0, 24)) - 1).toISOString();
      const stepTotals = await applyStep(deps, step.events, { position: step.through, through });
      totals.steps++;
      totals.events += step.events.length;
      totals.visitors += stepTotals.visitors;
      totals.unattributedConversions += stepTotals.unattributedConversions;
      for (const content of stepTotals.contents) totals.contents.add(content);

      const next = { position: step.through, through, computedAt: deps.clock().toISOString() };
      if (!(await aggregates.advanceFeedCheckpoint(checkpoint.position, next))) throw new AggregationPreempted('the feed checkpoint');
      checkpoint = next;
      if (step.complete) break;
      if (!(await aggregates.acquireLease(owner, clock(), settings.leaseMs))) throw new AggregationPreempted('the lease');
    }
    return {
      status: 'done',
      steps: totals.steps,
      events: totals.events,
      contents: totals.contents.size,
      visitors: totals.visitors,
      unattributedConversions: totals.unattributedConversions,
      through: checkpoint.through ?? untilTime.toISOString(),
    };
  } finally {
    await aggregates.releaseLease(owner);
  }
}

async function applyStep(deps: AggregationDeps, records: FeedRecord[], end: { position: FeedPosition; through: string }) {
  const { settings } = deps;
  const visitorKey = (workspaceId: string, visitorId: string) => `${workspaceId}\n${visitorId}`;

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
    } else if (record.conversion.contentId) contentOf.set(record, record.conversion.contentId);
    else if (record.conversion.visitorId) {
      const inStep = latestClick.get(visitorKey(record.conversion.workspaceId, record.conversion.visitorId));
      toAttribute.push([record, inStep?.contentId ?? null]);
    }
  }
  let unattributedConversions = 0;
  await forEachLimit(toAttribute, settings.visitorConcurrency, async ([record, inStep]) => {
    const { workspaceId, visitorId, externalId } = record.conversion;
    const target = inStep ?? (visitorId ? (await deps.marks.lastTouch(workspaceId, visitorId))?.contentId : undefined);
    if (target) contentOf.set(record, await deps.conversions.attribute(workspaceId, externalId, target));
    else unattributedConversions++;
  });

  // 2. Visitor marks, per visitor and content: which human clicks were firsts.
  const humanClicks = new Map<string, Click[]>();
  for (const record of records) {
    if (record.type !== 'click' || record.click.bot) continue;
    const { workspaceId, visitorId, contentId } = record.click;
    const key = `${visitorKey(workspaceId, visitorId)}\n${contentId}`;
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
  const visitors = new Set([...humanClicks.keys()].map((key) => key.split('\n').slice(0, 2).join('\n'))).size;

  // 3. Each touched content: load, apply what it has not applied yet, compare-and-set.
  const byContent = new Map<string, FeedRecord[]>();
  for (const record of records) {
    const contentId = contentOf.get(record);
    if (!contentId) continue;
    const key = `${workspaceOf(record)}\n${contentId}`;
    const group = byContent.get(key);
    if (group) group.push(record);
    else byContent.set(key, [record]);
  }
  await forEachLimit(byContent.entries(), settings.contentConcurrency, async ([key, list]) => {
    const [workspaceId = '', contentId = ''] = key.split('\n');
    const { head, aggregate } = await deps.aggregates.load(workspaceId, contentId);
    if (head.position >= end.position) return; // a previous attempt got this content through this step
    const fresh = list.filter((record) => record.position > head.position).map((record) => feedEvent(record, firsts));
    applyEvents(aggregate, fresh);
    const committed = await deps.aggregates.commit(workspaceId, contentId, head, {
      aggregate,
      position: end.position,
      computedAt: deps.clock().toISOString(),
      eventsThrough: end.through,
    });
    if (!committed) throw new AggregationPreempted(`content ${contentId}`);
  });

  return { visitors, unattributedConversions, contents: [...byContent.keys()] };
}

function workspaceOf(record: FeedRecord): string {
  if (record.type === 'link') return record.link.workspaceId;
  if (record.type === 'click') return record.click.workspaceId;
  return record.conversion.workspaceId;
}

function feedEvent(record: FeedRecord, firsts: Map<string, VisitorFirsts>): FeedEvent {
  if (record.type === 'link') return { kind: 'link', link: record.link };
  if (record.type === 'click') return { kind: 'click', click: record.click, firsts: firsts.get(record.click.id) ?? null };
  return { kind: 'conversion', value: record.conversion.value, currency: record.conversion.currency };
}
