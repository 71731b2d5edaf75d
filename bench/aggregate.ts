// npm run bench:aggregate — aggregation at viral scale (issue 8; docs/benchmarks.md).
// At L = 10,000, 100,000 and 1,000,000 links (a Galton–Watson forest built in memory, its base
// state committed through the real `updateContent` into a counting in-memory DynamoDB), one commit
// of +0.1 % new events (E = L/1000: half new re-shares, half human clicks by new and returning
// visitors; clicks on links of the last hour, "recent", or on any link, "uniform"), measured:
//   - in the new layout (head + parts), in a worker thread of its own, warm (the store that made the
//     previous commit) and cold (a fresh store, its sealed-chunk cache empty): items, bytes and
//     units written and read, wall time;
//   - in the old whole-state layout, rebuilt for the same content: what its commit wrote and its
//     load read (the gzipped JSON, in 300 KB chunks), and its compute.
// Median of 3 repetitions, after one warm-up below 1,000,000 links. Also the new
// layout at E = 1,000 for every L (write cost should not grow with L at fixed E), judged on clicks
// that touch as many links at every L: 'uniform', and 'latest' (the 1,000 links made last).
// BENCH_VIRAL_LINKS (default "10000,100000,1000000") picks the sizes. Run with --expose-gc.
// The end-to-end run on the local stack is `node --import tsx bench/aggregate-end-to-end.ts`; the
// metric maths alone `node --expose-gc --import tsx bench/cascade-metrics.ts`.
import './quiet-sdk.js';
import { baseSummary, cascadePageReads, commitAnatomy, measureParts, prepareParts } from './viral-scale/parts-layout.js';
import { goals, printGoals, printScale, type ScaleFigures } from './viral-scale/print-figures.js';
import { viralContent } from './viral-scale/viral-content.js';
import { measureWholeState } from './viral-scale/whole-state.js';

const FIXED_EVENTS = 1_000;
const gc = (globalThis as { gc?: () => void }).gc;
const sizes = (process.env.BENCH_VIRAL_LINKS ?? '10000,100000,1000000').split(',').map(Number);

async function measureScale(links: number): Promise<ScaleFigures> {
  const events = Math.max(2, Math.round(links / 1_000));
  const cheap = links < 1_000_000;
  const runs = { repetitions: 3, warmUp: cheap ? 1 : 0 };
  const content = viralContent(links);
  const prepared = await prepareParts(content);
  const parts = [];
  for (const distribution of ['recent', 'uniform'] as const) parts.push(await measureParts(prepared, content, { distribution, events, ...runs }));
  const fixedE = [];
  for (const distribution of ['recent', 'uniform', 'latest'] as const) {
    fixedE.push(
      events === FIXED_EVENTS
        ? (parts.find((p) => p.distribution === distribution) ??
            (await measureParts(prepared, content, { distribution, events: FIXED_EVENTS, repetitions: 1, warmUp: 0 })))
        : await measureParts(prepared, content, { distribution, events: FIXED_EVENTS, repetitions: 1, warmUp: 0 }),
    );
  }
  const anatomy = await commitAnatomy(prepared, content);
  const cascade = await cascadePageReads(prepared, content);
  const old = measureWholeState(content, baseSummary(prepared), { events, ...runs });
  return {
    links: content.baseLinks,
    events,
    repetitions: runs.repetitions,
    warmUp: runs.warmUp,
    content: { depth: content.depth, randomSeed: content.randomSeed, baseClicks: content.baseClickLink.length },
    prepared: { prepareSeconds: prepared.prepareSeconds, table: prepared.table },
    old,
    parts,
    fixedE,
    anatomy,
    cascade,
  };
}

const started = performance.now();
console.log(
  `## Aggregation at viral scale (issue 8) — node ${process.version}, ${new Date().toISOString().slice(0, 10)}${gc ? '' : ' (run with --expose-gc)'}`,
);
const scales: ScaleFigures[] = [];
for (const links of sizes) {
  const figures = await measureScale(links);
  printScale(figures);
  scales.push(figures);
  gc?.();
}
const targets = goals(scales);
const allMet = targets ? printGoals(scales, targets) : true;
console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`);
if (!allMet) process.exitCode = 1;
