// npm run aggregate [-- --until <ISO time>] [-- --rebuild <workspaceId>/<contentId>]
// One aggregation run in the running local stack (RIPPLE_DATA_DIR), through the moment it was
// asked: the stack waits for the requests that started before then to finish, so every click and
// re-share made before the command is included. If the stack's timer is mid-run, it waits for it.
import { localSettings } from '../infra/local/settings.js';
import { readRunningStack } from '../infra/local/stack-file.js';
import type { AggregationResult } from '../shared/aggregation/run-aggregation.js';

const { dataDir } = localSettings();
const stack = readRunningStack(dataDir);
if (!stack) {
  console.error(`No local Ripple stack is running on ${dataDir}: start it with npm start (or set RIPPLE_DATA_DIR)`);
  process.exit(1);
}
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const until = option('--until') ?? new Date().toISOString();
// --rebuild recomputes one content from the start of the feed (after its state was lost).
const [workspaceId, contentId] = (option('--rebuild') ?? '').split('/');
const rebuild = workspaceId && contentId ? { workspaceId, contentId } : undefined;

const response = await fetch(`${stack.apiUrl}/_local/aggregate`, { method: 'POST', body: JSON.stringify({ until, rebuild }) });
const result = (await response.json()) as AggregationResult | null;
if (!response.ok || !result) {
  console.error(`Aggregation failed: HTTP ${response.status}`);
  process.exit(1);
}
if (result.status === 'skipped') {
  console.error(`Aggregation skipped: ${result.reason}`);
  process.exit(1);
}
console.log(
  `Aggregated ${result.events} events (${result.contents} contents, ${result.visitors} visitors) in ${result.steps} steps; reports now include everything through ${result.through}`,
);
if (result.skippedEvents > 0) console.log(`${result.skippedEvents} malformed feed events were skipped (see the stack's log)`);
if (result.laggingContents > 0) console.log(`${result.laggingContents} contents are catching up (they failed, or are being rebuilt); run again to continue`);
