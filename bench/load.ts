// npm run bench:load — the local stack under a mixed load, then checked exactly after aggregation:
//   BENCH_LOAD_CLICKS (default 50,000) redirect clicks, BENCH_CONNECTIONS (default 128) requests in
//   flight, from distinct browsers (half the clicks are first visits, each its own user agent; the
//   rest return with the cookie their first visit set), mixed with public re-shares of the links
//   clicked (1 per 50 clicks) and API reads: report, link, cascade page (1 each per 100 clicks);
//   then `npm run aggregate` until complete, and the checks of test/support/load/checks.ts.
// Figures are printed as Markdown, with ratios against two floors measured in the same run just
// before and just after the mixed load (BENCH_SECONDS each, default 10), as bench/redirect.ts does:
//   gateway floor: GET /favicon.ico answered 404 before any read (HTTP + event + middy, no DynamoDB)
//   storage floor: bare click PutItems from the bench process into the same store, no HTTP
import './quiet-sdk.js';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_WORKSPACE_ID } from '../infra/local/local-workspace.js';
import { newClick } from '../shared/domain/click.js';
import type { Link } from '../shared/domain/link.js';
import { clickItem } from '../shared/store/clicks.js';
import { makeLinkStore } from '../shared/store/links.js';
import { INDEXES } from '../shared/store/table.js';
import { runAggregateCommand } from '../test/support/aggregate-command.js';
import { api } from '../test/support/http.js';
import { type LocalStack, startLocalStack } from '../test/support/local-stack.js';
import { checkLoad, holds } from '../test/support/load/checks.js';
import { type LoadRoute, makeCrowd } from '../test/support/load/crowd.js';
import { LOAD_STACK_ENV, loadPlan } from '../test/support/load/plan.js';
import { runCrowd } from '../test/support/load/run.js';
import { type Figures, httpPhase, storePhase } from './share-routes/phases.js';

const CLICKS = Number(process.env.BENCH_LOAD_CLICKS ?? 50_000);
const IN_FLIGHT = Number(process.env.BENCH_CONNECTIONS ?? 128);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (of: number, to: number) => (of / to).toFixed(2);

/** The two floors, measured alone at the run's concurrency. */
async function floors(stack: LocalStack, floorLink: Link, when: string): Promise<{ gateway: Figures; putItem: Figures }> {
  const gateway = await httpPhase(stack, IN_FLIGHT, {
    name: `gateway floor, ${when}: GET /favicon.ico → 404`,
    path: '/favicon.ico',
    headers: { 'user-agent': 'bench' },
    length: { duration: SECONDS },
  });
  const db = stack.db();
  const visit = { visitorId: 'h_benchVisitor000000000', bot: false, device: 'desktop', referrerHost: null } as const;
  const putItem = await storePhase(`storage floor, ${when}: bare click PutItem`, IN_FLIGHT, { duration: SECONDS }, () => {
    const item: Record<string, unknown> = clickItem(newClick(floorLink, visit, new Date()), 86_400);
    // Out of the activity index: the aggregation must not read the floor's clicks.
    delete item[INDEXES.byActivity.partition];
    delete item[INDEXES.byActivity.sort];
    return db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
  });
  return { gateway, putItem };
}

// The scheduled aggregation stays on (every 60 s): its runs are part of the load.
const stack = await startLocalStack({ env: LOAD_STACK_ENV });
let ok = true;
try {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/bench-load?utm_source=bench' });
  const seeds: string[] = [];
  for (let seed = 0; seed < 16; seed++) seeds.push((await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: `brand-${seed}` })).body.code);
  const plan = loadPlan({ apiKey: stack.apiKey, contentId: content.body.id, seeds, clicks: CLICKS, inFlight: IN_FLIGHT });
  const seedLink = await makeLinkStore(stack.db()).get(seeds[0] ?? '');
  if (!seedLink) throw new Error('The seed link is not in the store');
  const floorLink = { ...seedLink, workspaceId: 'ws_bench', contentId: 'cnt_bench' };
  console.log(
    `node ${process.version}, ${cpus().length} cores, ${IN_FLIGHT} in flight; floors ${SECONDS} s each before and after ` +
      `${integer(plan.clicks)} clicks by ${integer(plan.visitors)} browsers, ${integer(plan.reshares)} re-shares, ${integer(plan.readsEach)} reads of each kind\n`,
  );

  const loads = [`at the start ${load()}`];
  const before = await floors(stack, floorLink, 'before');
  console.error(`floors done (load average ${load()}); the mixed load…`);
  const crowd = makeCrowd(plan);
  const run = await runCrowd(stack, crowd, IN_FLIGHT);
  loads.push(`after the mixed load ${load()}`);
  console.error(`mixed load done in ${run.seconds.toFixed(0)} s (load average ${load()}); floors again, then npm run aggregate…`);
  const after = await floors(stack, floorLink, 'after');
  const aggregation = await runAggregateCommand(stack.dataDir);
  if (aggregation.code !== 0) throw new Error(`npm run aggregate failed (${aggregation.code}):\n${aggregation.stderr}\n${aggregation.stdout}`);
  const checks = await checkLoad(stack, LOCAL_WORKSPACE_ID, plan, crowd.ledger, run);
  loads.push(`at the end ${load()}`);

  const floorRows = [before.gateway, before.putItem, after.gateway, after.putItem];
  const gateway = (before.gateway.perSecond + after.gateway.perSecond) / 2;
  const putItem = (before.putItem.perSecond + after.putItem.perSecond) / 2;
  const statuses = (route: LoadRoute) =>
    [...crowd.ledger.statuses[route]]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${integer(count)}`)
      .join(' ');
  const all = run.answered / run.seconds;
  console.log('| phase / route | answered | req/s | p50 ms | p99 ms | statuses | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const floor of floorRows) console.log(`| ${floor.name} | ${integer(floor.answered)} | ${integer(floor.perSecond)} | ${floor.p50} | ${floor.p99} | | |`);
  for (const route of run.routes) {
    const note = route.route === 'redirect' ? `${ratio(route.perSecond, putItem)} × PutItem floor, ${ratio(route.perSecond, gateway)} × gateway floor` : '';
    console.log(
      `| mixed: ${route.name} | ${integer(route.answered)} | ${integer(route.perSecond)} | ${route.p50} | ${route.p99} | ${statuses(route.route)} | ${note} |`,
    );
  }
  console.log(
    `| mixed: all routes (${run.seconds.toFixed(0)} s) | ${integer(run.answered)} | ${integer(all)} | | | | ${ratio(all, gateway)} × gateway floor |`,
  );
  console.log(`\nRatios against the mean of each floor before and after. Load average (1 / 5 / 15 min): ${loads.join('; ')}.`);
  console.log(`npm run aggregate after the mixed load, ${aggregation.seconds.toFixed(0)} s: "${aggregation.stdout.trim().split('\n')[0]}"\n`);
  console.log('| check | actual | expected | |');
  console.log('|---|---|---|---|');
  for (const check of checks)
    console.log(`| ${check.label} | ${integer(check.actual)} | ${integer(check.expected)} | ${holds(check) ? 'ok' : '**MISMATCH**'} |`);
  ok = checks.every(holds) && floorRows.every((floor) => floor.failed === 0);
  if (!ok) {
    const log = join(stack.dataDir, 'stack-output.log');
    writeFileSync(log, stack.output());
    console.log(`\nThe stack's output: ${log}`);
  }
} finally {
  await stack.stop();
}
if (!ok) process.exitCode = 1;
