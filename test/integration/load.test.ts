import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { runAggregateCommand } from '../support/aggregate-command.js';
import { storedClicks } from '../support/clicks.js';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { checkLoad } from '../support/load/checks.js';
import { makeCrowd } from '../support/load/crowd.js';
import { LOAD_STACK_ENV, loadPlan } from '../support/load/plan.js';
import { runCrowd } from '../support/load/run.js';

// `npm run bench:load` at a tenth of its size (test/support/load/): clicks from distinct browsers,
// 128 in flight, mixed with public re-shares and API reads, while the stack's own aggregation
// runs every 10 s; then `npm run aggregate`, and every count checked exactly. No timings.
const CLICKS = 5_000;
const IN_FLIGHT = 128;

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ env: { ...LOAD_STACK_ENV, RIPPLE_AGGREGATE_INTERVAL_SECONDS: '10' } });
});
afterAll(async () => {
  await stack?.stop();
});

it(`counts ${CLICKS} clicks by ${CLICKS / 2} browsers, ${IN_FLIGHT} in flight among re-shares and reads, exactly, with no 5xx`, async () => {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/load' });
  const seeds: string[] = [];
  for (let seed = 0; seed < 16; seed++) seeds.push((await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {})).body.code);
  const plan = loadPlan({ apiKey: stack.apiKey, contentId: content.body.id, seeds, clicks: CLICKS, inFlight: IN_FLIGHT });
  const crowd = makeCrowd(plan);

  const run = await runCrowd(stack, crowd, IN_FLIGHT);
  const aggregation = await runAggregateCommand(stack.dataDir);

  expect(aggregation.code, `${aggregation.stderr}\n${stack.output().slice(-2_000)}`).toBe(0);
  const checks = await checkLoad(stack, LOCAL_WORKSPACE_ID, plan, crowd.ledger, run);
  expect(Object.fromEntries(checks.map((check) => [check.label, check.actual]))).toEqual(
    Object.fromEntries(checks.map((check) => [check.label, check.expected])),
  );
  // Every click was a 302 and every browser clicked: the report holds the plan's numbers.
  const report = (await api(stack, 'GET', `/v1/contents/${content.body.id}/report`)).body;
  expect(report).toMatchObject({ clicks: CLICKS, uniqueVisitors: CLICKS / 2, botClicks: 0, seedLinks: seeds.length });
  expect(report.reshares).toBeGreaterThan(0);
  // A busy link's clicks are spread over the write shards rather than piled on one partition key.
  const [busiest] = [...crowd.ledger.redirects].sort(([, a], [, b]) => b.answered - a.answered);
  const stored = await storedClicks(stack, LOCAL_WORKSPACE_ID, busiest?.[0] ?? '');
  expect(new Set(stored.map((click) => click.id)).size).toBe(busiest?.[1].answered);
  expect(new Set(stored.map((click) => click.pk)).size).toBeGreaterThan(8);
}, 600_000);
