// npm run aggregate [-- --until <ISO time>] [-- --rebuild <workspaceId>/<contentId>]
// Aggregates the running local stack (RIPPLE_DATA_DIR) through the moment it was asked: the stack
// waits for the requests that started before then to finish, so every click and re-share made
// before the command is included. One run stops at its time limit, so the command runs again, with
// the same `until`, until everything is in (a progress line per run on stderr), and says plainly
// when it cannot. It waits up to RIPPLE_AGGREGATE_WAIT_SECONDS (120) for a run that holds the lease.
import { afterRun, nextRequest, type RunOutcome, startUntilDone } from '../infra/local/aggregate-until-done.js';
import { localSettings } from '../infra/local/settings.js';
import { readRunningStack } from '../infra/local/stack-file.js';
import type { AggregationResult } from '../shared/aggregation/run-aggregation.js';

async function main(): Promise<number> {
  const { dataDir, aggregateWaitMs } = localSettings();
  if (!readRunningStack(dataDir)) {
    console.error(`No local Ripple stack is running on ${dataDir}: start it with npm start (or set RIPPLE_DATA_DIR)`);
    return 1;
  }
  const option = (name: string) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? undefined : process.argv[at + 1];
  };
  // Fixed once: every run aggregates through the same moment.
  const until = new Date(option('--until') ?? Date.now());
  if (Number.isNaN(until.getTime())) {
    console.error(`--until must be a time (ISO 8601, e.g. 2025-06-01T12:00:00Z), got ${option('--until')}`);
    return 1;
  }
  // --rebuild recomputes one content from the start of the feed (after its state was lost).
  const [workspaceId, contentId] = (option('--rebuild') ?? '').split('/');
  const rebuild = workspaceId && contentId ? { workspaceId, contentId } : undefined;

  let state = startUntilDone({
    until: until.toISOString(),
    ...(rebuild ? { rebuild } : {}),
    waitMs: aggregateWaitMs,
    retryMs: Math.min(1_000, aggregateWaitMs / 10),
  });
  for (;;) {
    const after = afterRun(state, await runOnce(dataDir, nextRequest(state)), Date.now());
    state = after.state;
    const { decision } = after;
    if (decision.next === 'finish') {
      for (const line of decision.summary) console.log(line);
      return 0;
    }
    if (decision.next === 'give-up') {
      console.error(decision.message);
      return 1;
    }
    if (decision.next === 'run') console.error(decision.progress);
    else {
      if (decision.notice) console.error(decision.notice);
      await new Promise((resolve) => setTimeout(resolve, decision.ms));
    }
  }
}

// One run in the stack, as the stack file names it now (it may have been restarted meanwhile).
async function runOnce(dataDir: string, request: ReturnType<typeof nextRequest>): Promise<RunOutcome> {
  const stack = readRunningStack(dataDir);
  if (!stack) return { kind: 'stack-stopped' };
  try {
    const response = await fetch(`${stack.apiUrl}/_local/aggregate`, { method: 'POST', body: JSON.stringify(request) });
    const result = (await response.json().catch(() => null)) as AggregationResult | null;
    if (!response.ok || !result) return { kind: 'failed', message: `the stack answered HTTP ${response.status}` };
    return { kind: 'result', result };
  } catch (error) {
    if (!readRunningStack(dataDir)) return { kind: 'stack-stopped' };
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`npm run aggregate failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
