// npm run bench:dashboard — the dashboard in headless Chromium (issue 9, "Benchmark"): on a local
// stack, cascades of 5,000 links (bushy), 20,000 links (a 20,000-generation chain) and 20,000
// links (bushy); for each, the time from navigation to the tree drawn (the tree view's
// performance.mark 'ripple:tree-drawn'), and the median and p95 frame time while a mouse pans and
// zooms the canvas, against an empty page's frames (the small not-found page, /app/not-a-page)
// under the same mouse motion in the same run. Then the built files' sizes: the first page's
// JavaScript (entry + static imports) and the lazily loaded tree chunk.
// Goals: tree drawn ≤ 1.5 s at 5,000 links; pan p95 ≤ 2 × the empty page's p95; first page ≤ 60 KB gzipped.
// BENCH_TREE_LOADS (5) loads per cascade; BENCH_SHAPES=5000,chain20000,bushy20000 picks cascades.
import './quiet-sdk.js';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { LOCAL_WORKSPACE_ID } from '../infra/local/local-workspace.js';
import { WEB_DIR_NAME } from '../infra/web-bundling.js';
import { aggregateUntilDone } from '../scripts/seed-cascade.js';
import type { Content } from '../shared/domain/content.js';
import { makeContentStore } from '../shared/store/contents.js';
import { type LocalStack, startLocalStack } from '../test/support/local-stack.js';
import { launchChromium } from '../test/browser/support/chromium.js';
import { bushyShape, chainShape, linksOf, type Shape, writeLinks } from './dashboard/bulk-cascade.js';
import { type BundleSizes, bundleSizes, kb, sum } from './dashboard/bundle-sizes.js';
import { CANVAS, type FrameStats, framesWhileMoving, loadTree, median, type Region, type TreeLoad } from './dashboard/measure.js';

const SHAPES: Record<string, () => Shape> = {
  '5000': () => bushyShape(5_000),
  chain20000: () => chainShape(20_000),
  bushy20000: () => bushyShape(20_000, 11),
};

interface Cascade {
  key: string;
  shape: Shape;
  contentId: string;
}

interface TreeFigures {
  cascade: Cascade;
  nodes: number;
  loads: TreeLoad[];
  frames: FrameStats;
}

async function seedCascades(stack: LocalStack, keys: string[]): Promise<Cascade[]> {
  const cascades: Cascade[] = [];
  const contents: Content[] = [];
  for (const key of keys) {
    const shape = (SHAPES[key] as () => Shape)();
    const response = await fetch(`${stack.url}/v1/contents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `https://bench.example.com/${key}`, title: `Bench: ${shape.name}`, campaign: 'bench' }),
    });
    const { id } = (await response.json()) as { id: string };
    const content = await makeContentStore(stack.db()).get(LOCAL_WORKSPACE_ID, id);
    if (!content) throw new Error(`content ${id} not found after creating it`);
    contents.push(content);
    cascades.push({ key, shape, contentId: id });
  }
  // Link i of every cascade is made at start + i ms: parents before children, all after the contents.
  const startMs = Date.now() + 1;
  let started = performance.now();
  let written = 0;
  for (const [index, cascade] of cascades.entries()) {
    const links = linksOf(contents[index] as Content, cascade.shape, startMs, index + 1);
    await writeLinks(stack.db(), links);
    written += links.length;
  }
  console.log(`Wrote ${written.toLocaleString('en')} links in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const lastMs = startMs + Math.max(...cascades.map((cascade) => cascade.shape.parents.length));
  // Aggregate through a moment after the last link (its time is set ahead of the write).
  while (Date.now() <= lastMs + 1_000) await new Promise((resolve) => setTimeout(resolve, lastMs + 1_001 - Date.now()));
  started = performance.now();
  const summary = await aggregateUntilDone(stack.url, { waitMs: 300_000 });
  console.log(`${summary.join('; ')} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return cascades;
}

async function signIn(page: Page, stack: LocalStack): Promise<void> {
  const link = /Dashboard:\s+(\S+#key=\S+)/.exec(stack.output())?.[1];
  if (!link) throw new Error('npm start printed no sign-in link');
  await page.goto(link);
  await page.locator('tr[data-content-id]').first().waitFor({ timeout: 60_000 });
}

/** The JavaScript a page loaded, by file name (Resource Timing, cache hits included). */
const scriptsLoaded = (page: Page) =>
  page.evaluate(() =>
    [
      ...new Set(
        performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((name) => name.endsWith('.js')),
      ),
    ].map((name) => name.slice(name.lastIndexOf('/') + 1)),
  );

async function emptyPageFrames(page: Page, stack: LocalStack, region: Region): Promise<FrameStats> {
  await page.goto(`${stack.url}/app/not-a-page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  return framesWhileMoving(page, region);
}

async function measureTree(page: Page, stack: LocalStack, cascade: Cascade, loads: number): Promise<TreeFigures & { region: Region }> {
  const url = `${stack.url}/app/contents/${cascade.contentId}/tree`;
  const results: TreeLoad[] = [];
  for (let load = 0; load < loads; load++) results.push(await loadTree(page, url));
  const box = await page.locator(CANVAS).boundingBox();
  if (!box) throw new Error('the tree canvas has no box');
  const frames = await framesWhileMoving(page, box);
  return { cascade, nodes: results.at(-1)?.nodes ?? 0, loads: results, frames, region: box };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function printTrees(trees: TreeFigures[], empty: FrameStats[]): boolean {
  const emptyP95 = median(empty.map((stats) => stats.p95Ms));
  console.log('\nEmpty page (/app/not-a-page), same motion:');
  for (const stats of empty)
    console.log(`  ${stats.frames} frames: median ${ms(stats.medianMs)}, p95 ${ms(stats.p95Ms)}, max ${ms(stats.maxMs)}, slow ${percent(stats.slowShare)}`);
  console.log(
    '\n| cascade | nodes drawn | tree drawn (median) | of which the cascade API (last page in) | each load | pan/zoom frames | median frame | p95 frame | slow frames | p95 ÷ empty p95 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  let ok = true;
  for (const tree of trees) {
    const drawn = median(tree.loads.map((load) => load.drawnMs));
    const fetched = median(tree.loads.map((load) => load.cascadeFetchedMs));
    const ratio = tree.frames.p95Ms / emptyP95;
    if (tree.frames.panned === false) console.log(`WARNING: dragging did not move the ${tree.cascade.shape.name} tree: its frame times measure no panning`);
    if (ratio > 2) ok = false;
    if (tree.cascade.key === '5000' && drawn > 1_500) ok = false;
    const each = tree.loads.map((load) => (load.drawnMs / 1000).toFixed(2)).join(', ');
    console.log(
      `| ${tree.cascade.shape.name} | ${tree.nodes.toLocaleString('en')} | ${seconds(drawn)} | ${seconds(fetched)} (${tree.loads[0]?.cascadePages} pages) | ${each} s | ${tree.frames.frames} | ${ms(tree.frames.medianMs)} | ${ms(tree.frames.p95Ms)} | ${percent(tree.frames.slowShare)} | ${ratio.toFixed(2)} |`,
    );
  }
  console.log(`\nGoals: tree drawn ≤ 1.5 s at 5,000 links; pan p95 ≤ 2 × the empty page's p95 (${ms(emptyP95)}).`);
  return ok;
}

const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function printBundle(sizes: BundleSizes, loaded: { firstPage: string[]; tree: string[] }): boolean {
  console.log('\nBuilt files (infra/web-bundling.ts):');
  for (const file of sizes.files) console.log(`  ${file.path.padEnd(36)} ${kb(file.bytes).padStart(9)}  ${kb(file.gzipBytes).padStart(8)} gzipped`);
  const firstGzip = sum(sizes.firstPage, 'gzipBytes');
  console.log(`\nFirst page's JavaScript (entry + static imports): ${sizes.firstPage.map((file) => file.path).join(' + ')}`);
  console.log(`  ${kb(sum(sizes.firstPage, 'bytes'))} raw, ${kb(firstGzip)} gzipped (goal ≤ 60 KB gzipped)`);
  for (const chunk of sizes.lazy)
    console.log(`Lazy chunk ${chunk.path}${chunk.view ? ` (${chunk.view})` : ''}: ${kb(chunk.bytes)} raw, ${kb(chunk.gzipBytes)} gzipped`);
  if (sizes.widget)
    console.log(
      `Share widget ${sizes.widget.path} (campaign pages, not the dashboard): ${kb(sizes.widget.bytes)} raw, ${kb(sizes.widget.gzipBytes)} gzipped (budget 6 KB gzipped)`,
    );
  const expected = new Set(sizes.firstPage.map((file) => file.path));
  const same = loaded.firstPage.length === expected.size && loaded.firstPage.every((name) => expected.has(name));
  console.log(
    `In Chromium the contents page loaded ${loaded.firstPage.join(', ')}${same ? ' (the same files)' : ' (NOT the files the build graph names: another build?)'}`,
  );
  console.log(`and the tree page loaded in addition ${loaded.tree.filter((name) => !loaded.firstPage.includes(name)).join(', ') || 'nothing'}`);
  return firstGzip <= 60 * 1024;
}

async function main(): Promise<number> {
  const keys = (process.env.BENCH_SHAPES ?? Object.keys(SHAPES).join(',')).split(',').filter((key) => key in SHAPES);
  const loads = Number(process.env.BENCH_TREE_LOADS ?? 5);
  const stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DYNAMODB_TIMEOUT_MS: '60000' } });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  try {
    // The files this stack serves, as npm start built them (buildWeb) moments ago.
    const sizes = await bundleSizes(join(stack.dataDir, WEB_DIR_NAME));
    const cascades = await seedCascades(stack, keys);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(page, stack);
    const firstPage = await scriptsLoaded(page);
    const trees: (TreeFigures & { region: Region })[] = [];
    for (const cascade of cascades) {
      trees.push(await measureTree(page, stack, cascade, loads));
      const loaded = trees.at(-1)?.loads ?? [];
      console.log(
        `${cascade.shape.name}: drawn at ${loaded.map((load) => `${load.drawnMs.toFixed(0)} ms (cascade fetched at ${load.cascadeFetchedMs.toFixed(0)} ms in ${load.cascadePages} pages)`).join(', ')}`,
      );
    }
    const tree = await scriptsLoaded(page);
    // The empty page under the same motion over the same screen region, before and after.
    const region = (trees[0] as { region: Region }).region;
    const empty = [await emptyPageFrames(page, stack, region), await emptyPageFrames(page, stack, region)];
    const treesOk = printTrees(trees, empty);
    const bundleOk = printBundle(sizes, { firstPage, tree });
    return treesOk && bundleOk ? 0 : 1;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

process.exitCode = await main();
