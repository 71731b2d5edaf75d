// npm run bench:load — the local stack under a mixed load, then checked exactly after aggregation:
//   BENCH_LOAD_CLICKS (default 50,000) redirect clicks, BENCH_CONNECTIONS (default 128) requests in
//   flight, from distinct browsers (half the clicks are first visits, each its own user agent; the
//   rest return with the cookie their first visit set), mixed with public re-shares of the links
//   clicked (1 per 50 clicks) and API reads: report, link, cascade page (1 each per 100 clicks);
//   then `npm run aggregate` until complete, and the checks of test/support/load/checks.ts.
// Figures are printed as Markdown, with ratios against two floors measured first in the same run
// (BENCH_SECONDS each, default 10), as bench/redirect.ts does:
//   gateway floor: GET /favicon.ico answered 404 before any read (HTTP + event + middy, no DynamoDB)
//   storage floor: bare click PutItems from the bench process into the same store, no HTTP
import './quiet-sdk.js';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_WORKSPACE_ID } from '../infra/local/local-workspace.js';
import { newClick } from '../shared/domain/click.js';
import { clickItem } from '../shared/store/clicks.js';
import { makeLinkStore } from '../shared/store/links.js';
import { INDEXES } from '../shared/store/table.js';
import { runAggregateCommand } from '../test/support/aggregate-command.js';
import { api } from '../test/support/http.js';
import { startLocalStack } from '../test/support/local-stack.js';
import { checkLoad, holds } from '../test/support/load/checks.js';
import { type LoadRoute, makeCrowd } from '../test/support/load/crowd.js';
import { LOAD_STACK_ENV, loadPlan } from '../test/support/load/plan.js';
import { runCrowd } from '../test/support/load/run.js';
import { httpPhase, storePhase } from './share-routes/phases.js';

const CLICKS = Number(process.env.BENCH_LOAD_CLICKS ?? 50_000);
const IN_FLIGHT = Number(process.env.BENCH_CONNECTIONS ?? 128);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (of: number, to: number) => (of / to).toFixed(2);

// The stack's scheduled aggregation stays on (every 60 s): its runs are part of the load.
const stack = await startLocalStack({ env: LOAD_STACK_ENV });
let ok = true;
try {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/bench-load?utm_source=bench' });
  const seeds: string[] = [];
  for (let seed = 0; seed < 16; seed++) seeds.push((await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: `brand-${seed}` })).body.code);
  const plan = loadPlan({ apiKey: stack.apiKey, contentId: content.body.id, seeds, clicks: CLICKS, inFlight: IN_FLIGHT });
  console.log(
    `node ${process.version}, ${cpus().length} cores, load average ${load()} (1 / 5 / 15 min) at the start; ${IN_FLIGHT} in flight; ` +
      `floors ${SECONDS} s each, then ${integer(plan.clicks)} clicks by ${integer(plan.visitors)} browsers, ${integer(plan.reshares)} re-shares, ` +
      `${integer(plan.readsEach)} reads of each kind\n`,
  );

  const gateway = await httpPhase(stack, IN_FLIGHT, {
    name: 'gateway floor',
    path: '/favicon.ico',
    headers: { 'user-agent': 'bench' },
    length: { duration: SECONDS },
  });
  const db = stack.db();
  const seedLink = await makeLinkStore(db).get(seeds[0] ?? '');
  if (!seedLink) throw new Error('The seed link is not in the store');
  const floorLink = { ...seedLink, workspaceId: 'ws_bench', contentId: 'cnt_bench' };
  const putFloor = await storePhase('storage floor', IN_FLIGHT, { duration: SECONDS }, () => {
    const visit = { visitorId: 'h_benchVisitor000000000', bot: false, device: 'desktop', referrerHost: null } as const;
    const item: Record<string, unknown> = clickItem(newClick(floorLink, visit, new Date()), 86_400);
    // Out of the activity index: the aggregation must not read the floor's clicks.
    delete item[INDEXES.byActivity.partition];
    delete item[INDEXES.byActivity.sort];
    return db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
  });
  console.error(`floors done (load average ${load()}); the mixed load…`);

  const crowd = makeCrowd(plan);
  const run = await runCrowd(stack, crowd, IN_FLIGHT);
  const loadAfterRun = load();
  console.error(`mixed load done in ${run.seconds.toFixed(0)} s (load average ${loadAfterRun}); npm run aggregate…`);
  const aggregation = await runAggregateCommand(stack.dataDir);
  if (aggregation.code !== 0) throw new Error(`npm run aggregate failed (${aggregation.code}):\n${aggregation.stderr}\n${aggregation.stdout}`);
  const checks = await checkLoad(stack, LOCAL_WORKSPACE_ID, plan, crowd.ledger, run);

  const clicks = run.routes.find((route) => route.route === 'redirect');
  const all = run.answered / run.seconds;
  const statuses = (route: LoadRoute) =>
    [...crowd.ledger.statuses[route]]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${integer(count)}`)
      .join(' ');
  console.log('| phase / route | answered | req/s | p50 ms | p99 ms | statuses | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| gateway floor: GET /favicon.ico → 404, alone | ${integer(gateway.answered)} | ${integer(gateway.perSecond)} | ${gateway.p50} | ${gateway.p99} | | |`,
  );
  console.log(
    `| storage floor: bare click PutItem, alone | ${integer(putFloor.answered)} | ${integer(putFloor.perSecond)} | ${putFloor.p50} | ${putFloor.p99} | | |`,
  );
  for (const route of run.routes) {
    const note = route.route === 'redirect' ? `${ratio(route.perSecond, putFloor.perSecond)} of the PutItem floor` : '';
    console.log(
      `| mixed: ${route.name} | ${integer(route.answered)} | ${integer(route.perSecond)} | ${route.p50} | ${route.p99} | ${statuses(route.route)} | ${note} |`,
    );
  }
  console.log(
    `| mixed: all routes (${run.seconds.toFixed(0)} s) | ${integer(run.answered)} | ${integer(all)} | | | | ${ratio(all, gateway.perSecond)} of the gateway floor |`,
  );
  console.log(
    `\nnpm run aggregate, after the mixed load (the stack's own runs took in most events during it): ${aggregation.seconds.toFixed(0)} s, "${aggregation.stdout.trim().split('\n')[0]}"`,
  );
  console.log(`\nLoad average after the mixed load: ${loadAfterRun}; at the end: ${load()}.`);
  console.log(
    `Clicks in the mix: ${ratio(clicks?.perSecond ?? 0, putFloor.perSecond)} × the PutItem floor, ${ratio(clicks?.perSecond ?? 0, gateway.perSecond)} × the gateway floor.\n`,
  );
  console.log('| check | actual | expected | |');
  console.log('|---|---|---|---|');
  for (const check of checks)
    console.log(`| ${check.label} | ${integer(check.actual)} | ${integer(check.expected)} | ${holds(check) ? 'ok' : '**MISMATCH**'} |`);
  ok = checks.every(holds) && gateway.failed === 0 && putFloor.failed === 0;
  if (!ok) {
    const log = join(stack.dataDir, 'stack-output.log');
    writeFileSync(log, stack.output());
    console.log(`\nThe stack's output: ${log}`);
  }
} finally {
  await stack.stop();
}
if (!ok) process.exitCode = 1;
