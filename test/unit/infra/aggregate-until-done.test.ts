import { describe, expect, it } from 'vitest';
import {
  afterRun,
  type Decision,
  type DoneResult,
  nextRequest,
  type RunOutcome,
  startUntilDone,
  type UntilDone,
} from '../../../infra/local/aggregate-until-done.js';

const UNTIL = '2025-06-01T12:00:05.000Z';
const start = (options: Partial<Parameters<typeof startUntilDone>[0]> = {}) => startUntilDone({ until: UNTIL, waitMs: 120_000, retryMs: 1_000, ...options });

const done = (result: Partial<DoneResult>): RunOutcome => ({
  kind: 'result',
  result: {
    status: 'done',
    steps: 0,
    events: 0,
    contents: 0,
    visitors: 0,
    unattributedConversions: 0,
    skippedEvents: 0,
    laggingContents: 0,
    complete: true,
    through: UNTIL,
    ...result,
  },
});
const skipped: RunOutcome = { kind: 'result', result: { status: 'skipped', reason: 'another aggregation run holds the lease' } };

/** Feeds outcomes in order (the clock at each one), answering the state and every decision. */
function play(outcomes: [RunOutcome, number?][], state: UntilDone = start()) {
  const decisions: Decision[] = [];
  for (const [outcome, now = 0] of outcomes) {
    const after = afterRun(state, outcome, now);
    state = after.state;
    decisions.push(after.decision);
  }
  return { state, decisions, last: decisions.at(-1) };
}

describe('npm run aggregate, run after run', () => {
  it('finishes after one complete run with the line it has always printed', () => {
    const { last } = play([[done({ steps: 2, events: 40, contents: 3, visitors: 7 })]]);

    expect(last).toEqual({
      next: 'finish',
      summary: [`Aggregated 40 events (3 contents, 7 visitors) in 2 steps; reports now include everything through ${UNTIL}`],
    });
  });

  it('runs again while a run stops at its time limit, with a progress line per run, and sums the runs', () => {
    const { decisions } = play([
      [done({ steps: 5, events: 1_800, complete: false, through: '2025-06-01T12:00:01.250Z' })],
      [done({ steps: 5, events: 1_500, complete: false, through: '2025-06-01T12:00:03.500Z' })],
      [done({ steps: 2, events: 700, skippedEvents: 1 })],
    ]);

    expect(decisions).toEqual([
      { next: 'run', progress: `Run 1: 1800 events so far, through 2025-06-01T12:00:01.250Z of ${UNTIL}; the run reached its time limit, continuing…` },
      { next: 'run', progress: `Run 2: 3300 events so far, through 2025-06-01T12:00:03.500Z of ${UNTIL}; the run reached its time limit, continuing…` },
      {
        next: 'finish',
        summary: [
          `Aggregated 4000 events in 12 steps over 3 runs; reports now include everything through ${UNTIL}`,
          "1 malformed feed events were skipped (see the stack's log)",
        ],
      },
    ]);
  });

  it('asks every run for the same until, and for a rebuild only until one run has done it', () => {
    let state = start({ rebuild: { workspaceId: 'ws_1', contentId: 'cnt_1' } });
    expect(nextRequest(state)).toEqual({ until: UNTIL, rebuild: { workspaceId: 'ws_1', contentId: 'cnt_1' } });
    state = afterRun(state, skipped, 0).state;
    expect(nextRequest(state)).toEqual({ until: UNTIL, rebuild: { workspaceId: 'ws_1', contentId: 'cnt_1' } });
    state = afterRun(state, done({ steps: 4, laggingContents: 1 }), 1).state;
    expect(nextRequest(state)).toEqual({ until: UNTIL });
  });

  it('keeps going while contents catch up, and finishes when none is left', () => {
    const { decisions } = play([
      [done({ steps: 4, events: 100, laggingContents: 2 })],
      [done({ steps: 4, events: 100, laggingContents: 1 })],
      [done({ steps: 1, events: 20 })],
    ]);

    expect(decisions.map((decision) => decision.next)).toEqual(['run', 'run', 'finish']);
    expect(decisions[0]).toMatchObject({ progress: expect.stringContaining('2 contents still catching up, continuing') });
  });

  it('gives up, saying what is in and what to do, when contents catching up make no progress twice in a row', () => {
    const { decisions, last } = play([[done({ steps: 3, events: 60, laggingContents: 1 })], [done({ laggingContents: 1 })], [done({ laggingContents: 1 })]]);

    expect(decisions.map((decision) => decision.next)).toEqual(['run', 'run', 'give-up']);
    expect(last).toMatchObject({ next: 'give-up' });
    const message = (last as { message: string }).message;
    expect(message).toContain(`Reports include everything through ${UNTIL} (60 events in 3 runs), except for 1 content still catching up.`);
    expect(message).toContain('1 content made no progress catching up in the last 2 runs');
    expect(message).toContain('--rebuild <workspaceId>/<contentId>');
  });

  it('gives up when runs stop before applying a step twice in a row, naming the time reached', () => {
    const { decisions, last } = play([
      [done({ steps: 2, events: 50, complete: false, through: '2025-06-01T12:00:02.000Z' })],
      [done({ complete: false, through: '2025-06-01T12:00:02.000Z' })],
      [done({ complete: false, through: '2025-06-01T12:00:02.000Z' })],
    ]);

    expect(decisions.map((decision) => decision.next)).toEqual(['run', 'run', 'give-up']);
    expect((last as { message: string }).message).toMatch(
      /^Aggregation did not finish\. Reports include everything through 2025-06-01T12:00:02\.000Z \(50 events in 3 runs\); events after it, up to 2025-06-01T12:00:05\.000Z, are not in yet\.\nThe last 2 runs stopped before applying a single step/,
    );
  });

  it('counts a run as progress when the time reached moves on without a step of its own (another run aggregated)', () => {
    const { last } = play([
      [done({ steps: 1, complete: false, through: '2025-06-01T12:00:01.000Z' })],
      [done({ complete: false, through: '2025-06-01T12:00:01.000Z' })],
      [done({ complete: false, through: '2025-06-01T12:00:04.000Z' })],
    ]);

    expect(last).toMatchObject({ next: 'run' });
  });

  it('waits for a run that holds the lease, saying so once, then continues', () => {
    const { decisions } = play([
      [skipped, 0],
      [skipped, 1_000],
      [done({ steps: 1, events: 3 }), 2_000],
    ]);

    expect(decisions).toEqual([
      {
        next: 'wait',
        ms: 1_000,
        notice: "Another aggregation run holds the lease (the stack's own timer, or another npm run aggregate); waiting for it, up to 120 s…",
      },
      { next: 'wait', ms: 1_000 },
      { next: 'finish', summary: [expect.stringContaining('reports now include everything through')] },
    ]);
  });

  it('waits the same way when its run was preempted by another', () => {
    const preempted: RunOutcome = {
      kind: 'result',
      result: { status: 'preempted', reason: 'Another aggregation run committed the lease first; this run stops and the next resumes' },
    };
    const { decisions } = play([
      [preempted, 0],
      [skipped, 500],
      [done({ steps: 1 }), 1_500],
    ]);

    expect(decisions).toEqual([
      {
        next: 'wait',
        ms: 1_000,
        notice:
          "Another aggregation run committed the lease first; this run stops and the next resumes (the stack's own timer, or another npm run aggregate); waiting for it, up to 120 s…",
      },
      { next: 'wait', ms: 1_000 },
      { next: 'finish', summary: [expect.stringContaining('reports now include everything through')] },
    ]);
  });

  it('gives up when the lease stays held past the wait, with what to do', () => {
    const { last } = play([
      [skipped, 0],
      [skipped, 60_000],
      [skipped, 120_000],
    ]);

    expect(last).toEqual({
      next: 'give-up',
      message:
        `Aggregation did not finish. Nothing was aggregated; reports do not yet include events up to ${UNTIL}.\n` +
        "Another aggregation run has held the lease for 120 s (the stack's own timer, or another npm run aggregate). Run npm run aggregate again once it has finished.",
    });
  });

  it('retries a failing stack within the wait, and the wait starts again after a run that worked', () => {
    const failed: RunOutcome = { kind: 'failed', message: 'the stack answered HTTP 500' };
    const { decisions, last } = play([
      [failed, 0],
      [done({ steps: 1, complete: false }), 100_000],
      [failed, 110_000],
      [failed, 200_000],
      [failed, 230_000],
    ]);

    expect(decisions.map((decision) => decision.next)).toEqual(['wait', 'run', 'wait', 'wait', 'give-up']);
    expect(decisions[0]).toMatchObject({ notice: 'The aggregation failed (the stack answered HTTP 500); retrying for up to 120 s…' });
    expect((last as { message: string }).message).toContain("The aggregation kept failing for 120 s (the stack answered HTTP 500). See the stack's log");
  });

  it('gives up at once when the stack has stopped', () => {
    const { last } = play([[done({ steps: 1, events: 9, complete: false, through: '2025-06-01T12:00:01.000Z' })], [{ kind: 'stack-stopped' }]]);

    expect(last).toEqual({
      next: 'give-up',
      message:
        `Aggregation did not finish. Reports include everything through 2025-06-01T12:00:01.000Z (9 events in 1 run); events after it, up to ${UNTIL}, are not in yet.\n` +
        'The local stack stopped while aggregating. Start it again (npm start) and run npm run aggregate again.',
    });
  });
});
