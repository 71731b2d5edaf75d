import { randomUUID } from 'node:crypto';
import type { Content } from '../domain/content.js';
import { logError } from '../log.js';
import { feedPositionAt, type FeedPosition } from '../store/activity.js';
import type { FeedCheckpoint } from '../store/feed-control.js';
import type { AggregationDeps, AggregationOptions, AggregationResult } from './aggregation-deps.js';
import { applyStep, type StepResult, type StepScope } from './apply-step.js';
import { type ContentOutcome, type StepEnd, updateContent } from './content-update.js';
import { type ContentRef, contentMap } from './keyed-map.js';

export type { AggregationDeps, AggregationOptions, AggregationResult } from './aggregation-deps.js';

// One aggregation run (docs/architecture.md, "The aggregation"): under a lease, the feed pass reads
// the activity feed from the checkpoint in bounded steps, updating every touched content and only
// then advancing the checkpoint; the maturity pass refreshes contents whose re-share links matured
// with no new event; the catch-up pass moves contents that were set aside forward from their own
// positions. A crash anywhere leaves the checkpoint behind: the next run re-reads the step, skips
// what each content already applied (its own position), and re-derives the same firsts from the marks.
export async function runAggregation(deps: AggregationDeps, options: AggregationOptions = {}): Promise<AggregationResult> {
  const owner = takeLeftLease(deps.control) ?? randomUUID();
  const acquiring = deps.control.acquireLease(owner, deps.clock(), deps.settings.leaseMs);
  if (!(await leaveLeaseOnFailure(deps.control, owner, acquiring))) {
    return { status: 'skipped', reason: 'another aggregation run holds the lease' };
  }
  deps.thresholds?.startRun();
  try {
    const run = await startRun(deps, owner, options);
    if (options.rebuild && !(await requestRebuild(run, options.rebuild))) return preempted(`content ${options.rebuild.contentId}`);
    const feed = await feedPass(run);
    if (feed.status === 'preempted') return feed;
    const matured = await maturityPass(run, feed.checkpoint);
    if (matured === 'preempted') return preempted('a content');
    if (!(await catchUpPass(run, feed.checkpoint))) return preempted('a content');
    // Out of time before every matured content was refreshed: not complete, so the next run goes on.
    const complete = feed.complete && matured === 'done';
    return {
      status: 'done',
      ...run.totals.summary(),
      laggingContents: run.lagging.size,
      complete,
      through: feed.checkpoint.through ?? run.untilTime.toISOString(),
    };
  } finally {
    await leaveLeaseOnFailure(deps.control, owner, deps.control.releaseLease(owner));
  }
}

// A run whose call to take or release its lease failed (a store timeout, say) may have left the
// lease held, or taken when the call lands late. The next run of this process takes it over at once
// under the same owner id instead of waiting minutes for it to expire: that run has ended, and
// nothing of it is in flight (forEachLimit settles before it rejects). Other processes still wait.
const leftLeases = new WeakMap<AggregationDeps['control'], string>();

function takeLeftLease(control: AggregationDeps['control']): string | undefined {
  const owner = leftLeases.get(control);
  leftLeases.delete(control);
  return owner;
}

async function leaveLeaseOnFailure<T>(control: AggregationDeps['control'], owner: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    leftLeases.set(control, owner);
    throw error;
  }
}

interface Run {
  deps: AggregationDeps;
  untilTime: Date;
  lagging: ReturnType<typeof contentMap<true>>;
  /** Set aside during this run: not caught up in it. */
  newlyLagging: ReturnType<typeof contentMap<true>>;
  totals: ReturnType<typeof runTotals>;
  outOfTime(): boolean;
  renewLease(): Promise<boolean>;
  contentOf(ref: ContentRef): Promise<Content | null>;
}

async function startRun(deps: AggregationDeps, owner: string, options: AggregationOptions): Promise<Run> {
  const lagging = contentMap<true>();
  for (const content of await deps.control.laggingContents()) lagging.set(content, true);
  const contents = contentMap<Promise<Content | null>>();
  return {
    deps,
    untilTime: options.until ?? new Date(deps.clock().getTime() - deps.settings.lagMs),
    lagging,
    newlyLagging: contentMap<true>(),
    totals: runTotals(),
    outOfTime: () => options.deadlineMs !== undefined && Date.now() >= options.deadlineMs,
    renewLease: () => deps.control.acquireLease(owner, deps.clock(), deps.settings.leaseMs),
    contentOf: (ref) => contents.upsert(ref, () => deps.contents.get(ref.workspaceId, ref.contentId)),
  };
}

async function requestRebuild(run: Run, ref: ContentRef): Promise<boolean> {
  const { state, control, clock } = run.deps;
  const head = await state.readHead(ref.workspaceId, ref.contentId);
  if ((await state.reset(ref.workspaceId, ref.contentId, head, clock())) !== 'committed') return false;
  await control.markLagging(ref.workspaceId, ref.contentId, 'rebuild requested', clock());
  run.lagging.set(ref, true);
  return true;
}

type FeedPassResult = { status: 'done'; checkpoint: FeedCheckpoint; complete: boolean } | { status: 'preempted'; reason: string };

// The feed, step by step, for every content not set aside.
async function feedPass(run: Run): Promise<FeedPassResult> {
  const { deps } = run;
  const until = feedPositionAt(run.untilTime);
  let checkpoint = await deps.control.feedCheckpoint();
  const scope: StepScope = { includes: (ref) => !run.lagging.has(ref), recordsOtherVisits: true };
  while (checkpoint.position < until) {
    if (run.outOfTime()) return { status: 'done', checkpoint, complete: false };
    const step = await deps.readFeedStep({ after: checkpoint.position, until, maxEvents: deps.settings.maxEventsPerStep });
    const through = step.complete ? run.untilTime.toISOString() : justBefore(step.through);
    const result = await applyStep(deps, step.events, { position: step.through, through }, scope, run.contentOf);
    run.totals.add(result, step.events.length);
    if (!(await settleOutcomes(run, result.outcomes))) return preempted('a content');
    const next = { position: step.through, through, computedAt: deps.clock().toISOString() };
    if (!(await deps.control.advanceFeedCheckpoint(checkpoint.position, next))) return preempted('the feed checkpoint');
    checkpoint = next;
    if (step.complete) break;
    if (!(await run.renewLease())) return preempted('the lease');
  }
  return { status: 'done', checkpoint, complete: true };
}

// Contents with no new events whose next re-share link has matured: their stored report's K moves.
async function maturityPass(run: Run, checkpoint: FeedCheckpoint): Promise<'done' | 'out of time' | 'preempted'> {
  const { deps } = run;
  if (!checkpoint.through) return 'done';
  const end = { position: checkpoint.position, through: checkpoint.through };
  for (const due of await deps.maturityWatch.due(checkpoint.through)) {
    if (run.outOfTime()) return 'out of time';
    const ref = { workspaceId: due.workspaceId, contentId: due.contentId };
    // A content set aside is refreshed when it has caught up (catchUpPass).
    if (run.lagging.has(ref)) continue;
    if (!(await refresh(run, ref, end))) return 'preempted';
    await deps.maturityWatch.done(due);
  }
  return 'done';
}

// A content with no new events moved to `end`: re-shares that matured since its last commit enter K.
async function refresh(run: Run, ref: ContentRef, end: { position: FeedPosition; through: string }): Promise<boolean> {
  const outcome = await updateContent(run.deps, { ...ref, content: await run.contentOf(ref) }, [], end, new Map());
  return settleOutcomes(run, [[ref, outcome]]);
}

// Contents set aside (not just now), each from its own position to the checkpoint: a few steps'
// worth per run, since catching up re-reads every tenant's events from that position.
async function catchUpPass(run: Run, checkpoint: FeedCheckpoint): Promise<boolean> {
  for (const ref of run.lagging.keys()) {
    if (run.newlyLagging.has(ref) || run.outOfTime()) continue;
    const reached = await catchUp(run, ref, checkpoint);
    if (reached === 'preempted') return false;
    if (reached === null) continue;
    // Its head may stand before where the catch-up got (steps without its events): move it there,
    // so the next run does not read them again — and at the checkpoint, up to it, as the others'.
    if (!(await refresh(run, ref, reached))) return false;
    if (run.newlyLagging.has(ref) || reached.position < checkpoint.position) continue;
    await run.deps.control.clearLagging(ref.workspaceId, ref.contentId);
    run.lagging.delete(ref);
  }
  return true;
}

// One content's catch-up steps this run: where they got to, null if it failed again (or read nothing).
async function catchUp(run: Run, ref: ContentRef, checkpoint: FeedCheckpoint): Promise<StepEnd | null | 'preempted'> {
  const { deps } = run;
  const head = await deps.state.readHead(ref.workspaceId, ref.contentId);
  const scope: StepScope = { includes: (other) => other.workspaceId === ref.workspaceId && other.contentId === ref.contentId, recordsOtherVisits: false };
  let reached: StepEnd | null =
    head.position >= checkpoint.position && checkpoint.through ? { position: checkpoint.position, through: checkpoint.through } : null;
  for (let read = 0, from = head.position; from < checkpoint.position && read < 4 * deps.settings.maxEventsPerStep && !run.outOfTime(); ) {
    const step = await deps.readFeedStep({ after: from, until: checkpoint.position, maxEvents: deps.settings.maxEventsPerStep });
    const end = { position: step.through, through: step.complete ? (checkpoint.through ?? run.untilTime.toISOString()) : justBefore(step.through) };
    const result = await applyStep(deps, step.events, end, scope, run.contentOf);
    run.totals.add(result, step.events.length);
    if (!(await settleOutcomes(run, result.outcomes))) return 'preempted';
    if (run.newlyLagging.has(ref)) return null;
    reached = end;
    read += Math.max(1, step.events.length);
    from = step.through;
    if (!(await run.renewLease())) return 'preempted';
  }
  return reached;
}

// Sets aside each content that failed. False when a content was preempted: the run must stop.
async function settleOutcomes(run: Run, outcomes: readonly [ContentRef, ContentOutcome][]): Promise<boolean> {
  for (const [ref, outcome] of outcomes) {
    if (outcome.kind === 'preempted') return false;
    if (outcome.kind === 'failed') await setAside(run, ref, outcome.error);
  }
  return true;
}

async function setAside(run: Run, ref: ContentRef, error: unknown) {
  logError('Content set aside as lagging: it could not be updated', error, { ...ref });
  run.lagging.set(ref, true);
  run.newlyLagging.set(ref, true);
  await run.deps.control.markLagging(ref.workspaceId, ref.contentId, error instanceof Error ? error.message : String(error), run.deps.clock());
}

function runTotals() {
  const totals = { steps: 0, events: 0, visitors: 0, unattributedConversions: 0, skippedEvents: 0 };
  const contents = contentMap<true>();
  return {
    add(step: StepResult, events: number) {
      totals.steps++;
      totals.events += events;
      totals.visitors += step.visitors;
      totals.unattributedConversions += step.unattributedConversions;
      totals.skippedEvents += step.skippedEvents;
      for (const [ref] of step.outcomes) contents.set(ref, true);
    },
    summary: () => ({ ...totals, contents: contents.size }),
  };
}

const preempted = (what: string) =>
  ({ status: 'preempted', reason: `Another aggregation run committed ${what} first; this run stops and the next resumes` }) as const;

// Events at a step's last instant with later ids are not in yet: the step covers up to just before.
const justBefore = (position: FeedPosition) => new Date(Date.parse(position.slice(0, 24)) - 1).toISOString();
