import type { AggregationResult } from '../../shared/aggregation/run-aggregation.js';

// `npm run aggregate` is a loop of one-run calls to the local stack, every one with the same
// `until` (the moment the command was asked): a run stops at its time limit (`complete: false`)
// and contents set aside catch up a few steps per run, so one run is not always enough. This
// module decides, from each run's outcome, whether to run again, wait, finish or give up, and
// words what the command prints; it does no I/O, so its tests need no stack.

export type DoneResult = Extract<AggregationResult, { status: 'done' }>;

export type RunOutcome =
  | { kind: 'result'; result: AggregationResult }
  /** The stack answered an error, or its answer could not be read. */
  | { kind: 'failed'; message: string }
  /** The local stack is no longer running. */
  | { kind: 'stack-stopped' };

export interface UntilDoneOptions {
  until: string;
  rebuild?: { workspaceId: string; contentId: string };
  /** How long a held lease or a failing stack is waited out before giving up. */
  waitMs: number;
  /** The pause between calls while waiting. */
  retryMs: number;
}

export interface UntilDone {
  options: UntilDoneOptions;
  /** Runs that did work (not skipped, not failed). */
  runs: number;
  events: number;
  steps: number;
  skippedEvents: number;
  last: DoneResult | undefined;
  /** Runs in a row that moved nothing forward. */
  stalledRuns: number;
  /** When the current streak of skipped or failed calls began (epoch ms). */
  blockedSince: number | undefined;
}

export type Decision =
  /** Call again now; `progress` goes to stderr. */
  | { next: 'run'; progress: string }
  /** Call again after `ms`; `notice` (stderr) when a wait begins. */
  | { next: 'wait'; ms: number; notice?: string }
  /** Exit 0: `summary` goes to stdout. */
  | { next: 'finish'; summary: string[] }
  /** Exit 1: `message` goes to stderr. */
  | { next: 'give-up'; message: string };

/** Runs in a row without progress after which the command stops. */
export const STALLED_RUNS_LIMIT = 2;

export function startUntilDone(options: UntilDoneOptions): UntilDone {
  return { options, runs: 0, events: 0, steps: 0, skippedEvents: 0, last: undefined, stalledRuns: 0, blockedSince: undefined };
}

/** The body of the next call: the same `until` every time; a rebuild only until a run has done it. */
export function nextRequest(state: UntilDone): { until: string; rebuild?: { workspaceId: string; contentId: string } } {
  const { until, rebuild } = state.options;
  return state.runs === 0 && rebuild ? { until, rebuild } : { until };
}

export function afterRun(state: UntilDone, outcome: RunOutcome, now: number): { state: UntilDone; decision: Decision } {
  if (outcome.kind === 'stack-stopped') {
    return { state, decision: giveUp(state, 'The local stack stopped while aggregating. Start it again (npm start) and run npm run aggregate again.') };
  }
  if (outcome.kind === 'failed') return afterBlockedCall(state, { otherRun: false, reason: outcome.message }, now);
  const { result } = outcome;
  if (result.status === 'done') return afterDoneRun(state, result);
  // Skipped (the lease is held) or preempted (another run took over): another run is at work.
  return afterBlockedCall(state, { otherRun: true, reason: result.status === 'skipped' ? undefined : result.reason }, now);
}

// A call that did no work of its own: another run is at work, or the stack failed. Waited out, bounded.
function afterBlockedCall(state: UntilDone, { otherRun, reason }: { otherRun: boolean; reason: string | undefined }, now: number) {
  const blockedSince = state.blockedSince ?? now;
  const next = { ...state, blockedSince };
  const waitedS = Math.round((now - blockedSince) / 1000);
  const limitS = Math.round(state.options.waitMs / 1000);
  const other = "the stack's own timer, or another npm run aggregate";
  if (now - blockedSince >= state.options.waitMs) {
    const message = otherRun
      ? `Another aggregation run has held the lease for ${waitedS} s (${other}). Run npm run aggregate again once it has finished.`
      : `The aggregation kept failing for ${waitedS} s (${reason}). See the stack's log (the npm start terminal), then run npm run aggregate again.`;
    return { state: next, decision: giveUp(next, message) };
  }
  const notice =
    state.blockedSince !== undefined
      ? undefined
      : otherRun
        ? `${reason ?? 'Another aggregation run holds the lease'} (${other}); waiting for it, up to ${limitS} s…`
        : `The aggregation failed (${reason}); retrying for up to ${limitS} s…`;
  const decision: Decision = { next: 'wait', ms: state.options.retryMs, ...(notice ? { notice } : {}) };
  return { state: next, decision };
}

function afterDoneRun(state: UntilDone, result: DoneResult): { state: UntilDone; decision: Decision } {
  const progressed = madeProgress(state.last, result);
  const next: UntilDone = {
    ...state,
    runs: state.runs + 1,
    events: state.events + result.events,
    steps: state.steps + result.steps,
    skippedEvents: state.skippedEvents + result.skippedEvents,
    last: result,
    stalledRuns: progressed ? 0 : state.stalledRuns + 1,
    blockedSince: undefined,
  };
  if (result.complete && result.laggingContents === 0) return { state: next, decision: { next: 'finish', summary: summaryOf(next, result) } };
  if (next.stalledRuns >= STALLED_RUNS_LIMIT) return { state: next, decision: giveUp(next, stalledMessage(result)) };
  return { state: next, decision: { next: 'run', progress: progressLine(next, result) } };
}

// A run moved something forward if it applied a step (the feed, or a content catching up), the
// time reached moved on, or fewer contents are left catching up.
function madeProgress(before: DoneResult | undefined, after: DoneResult): boolean {
  if (after.steps > 0) return true;
  if (!before) return false;
  return Date.parse(after.through) > Date.parse(before.through) || after.laggingContents < before.laggingContents;
}

function progressLine(state: UntilDone, result: DoneResult): string {
  const why = result.complete ? `${contents(result.laggingContents)} still catching up` : 'the run reached its time limit';
  return `Run ${state.runs}: ${state.events} events so far, through ${result.through} of ${state.options.until}; ${why}, continuing…`;
}

function summaryOf(state: UntilDone, result: DoneResult): string[] {
  // One run: the line the command has always printed; over several, per-run counts of contents
  // and visitors would add up the same ones twice, so only events and steps are summed.
  const done =
    state.runs === 1
      ? `Aggregated ${result.events} events (${result.contents} contents, ${result.visitors} visitors) in ${result.steps} steps`
      : `Aggregated ${state.events} events in ${state.steps} steps over ${state.runs} runs`;
  return [
    `${done}; reports now include everything through ${result.through}`,
    ...(state.skippedEvents > 0 ? [`${state.skippedEvents} malformed feed events were skipped (see the stack's log)`] : []),
  ];
}

function stalledMessage(result: DoneResult): string {
  if (result.complete) {
    return (
      `${contents(result.laggingContents)} made no progress catching up in the last ${STALLED_RUNS_LIMIT} runs: they keep failing (the stack's log says why). ` +
      'Fix the cause and run npm run aggregate again; npm run aggregate -- --rebuild <workspaceId>/<contentId> recomputes one from the start of the feed.'
    );
  }
  return (
    `The last ${STALLED_RUNS_LIMIT} runs stopped before applying a single step (see the stack's log; ` +
    'RIPPLE_LOCAL_AGGREGATE_TIMEOUT_SECONDS may leave a run too little time). Run npm run aggregate again.'
  );
}

function giveUp(state: UntilDone, reason: string): Decision {
  return { next: 'give-up', message: `Aggregation did not finish. ${leftOver(state)}\n${reason}` };
}

// What the reports hold so far, and what they are still missing.
function leftOver(state: UntilDone): string {
  const { last, options } = state;
  if (!last) return `Nothing was aggregated; reports do not yet include events up to ${options.until}.`;
  const sofar = `${counted(state.events, 'event')} in ${counted(state.runs, 'run')}`;
  if (!last.complete) return `Reports include everything through ${last.through} (${sofar}); events after it, up to ${options.until}, are not in yet.`;
  return `Reports include everything through ${last.through} (${sofar}), except for ${contents(last.laggingContents)} still catching up.`;
}

const counted = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
const contents = (count: number) => counted(count, 'content');
