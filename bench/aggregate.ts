// npm run bench:aggregate — both figures of the aggregation (docs/benchmarks.md):
//   1. the pure metric maths on a 1,000,000-link Galton–Watson cascade, against O(n) and sort floors;
//   2. the aggregation end to end on the local stack (20,000 links, 200,000 clicks), its first run
//      against a bare Query of the same items, and a second run after 1 % more events.
// Sizes: BENCH_METRICS_LINKS, BENCH_LINKS, BENCH_CLICKS.
import './quiet-sdk.js';
import { benchAggregationEndToEnd, printEndToEnd } from './aggregate-end-to-end.js';
import { benchCascadeMetrics, printCascadeBench } from './cascade-metrics.js';

console.log('1. Cascade metrics (pure module)\n');
const metrics = benchCascadeMetrics({ links: Number(process.env.BENCH_METRICS_LINKS ?? 1_000_000), runs: 3 });
printCascadeBench(metrics);

console.log('\n2. Aggregation end to end');
const endToEnd = await benchAggregationEndToEnd({
  links: Number(process.env.BENCH_LINKS ?? 20_000),
  clicks: Number(process.env.BENCH_CLICKS ?? 200_000),
});
const incrementalMet = printEndToEnd(endToEnd);

if (metrics.metrics.bestMs >= 2_000 || !incrementalMet) process.exitCode = 1;
