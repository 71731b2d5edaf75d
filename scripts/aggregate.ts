// npm run aggregate — one aggregation run against the running local stack (RIPPLE_DATA_DIR),
// covering every event up to the moment it was started. If the stack's own timer is mid-run, it
// waits for that run's lease rather than skipping.
import { loadFunction } from '../infra/local/handlers.js';
import { lambdaContext } from '../infra/local/lambda-context.js';
import { localSettings } from '../infra/local/settings.js';
import { readRunningStack } from '../infra/local/stack-file.js';
import type { AggregationResult } from '../shared/aggregation/run-aggregation.js';

const { dataDir } = localSettings();
const stack = readRunningStack(dataDir);
if (!stack) {
  console.error(`No local Ripple stack is running on ${dataDir}: start it with npm start (or set RIPPLE_DATA_DIR)`);
  process.exit(1);
}
process.env.RIPPLE_DYNAMODB_ENDPOINT = stack.dynamodbEndpoint;
process.env.RIPPLE_TABLE = stack.table;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const until = new Date();
const lagSeconds = Number(process.env.RIPPLE_AGGREGATE_LAG_SECONDS ?? 1);
// Let writes that were in flight when we started land before reading up to `until`.
await new Promise((resolve) => setTimeout(resolve, lagSeconds * 1000));

const handler = await loadFunction('aggregate');
const deadline = Date.now() + 120_000;
let result = (await handler({ until: until.toISOString() }, lambdaContext('aggregate'))) as AggregationResult;
while (result.status === 'skipped' && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  result = (await handler({ until: until.toISOString() }, lambdaContext('aggregate'))) as AggregationResult;
}
if (result.status === 'skipped') {
  console.error(`Aggregation skipped: ${result.reason}`);
  process.exit(1);
}
console.log(
  `Aggregated ${result.events} events (${result.contents} contents, ${result.visitors} visitors) in ${result.steps} steps; reports now include everything through ${result.through}`,
);
