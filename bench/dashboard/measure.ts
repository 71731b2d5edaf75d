import type { Page } from 'playwright-core';

// What the dashboard benchmark measures in the page: the tree view's own mark of the moment its
// tree is drawn, and frame times (requestAnimationFrame deltas) while a mouse pans and zooms.

export const TREE_DRAWN_MARK = 'ripple:tree-drawn';
export const CANVAS = 'canvas[data-testid="cascade-canvas"]';

export interface TreeLoad {
  /** performance.mark('ripple:tree-drawn')'s time: ms since the navigation started. */
  drawnMs: number;
  /** When the last page of GET …/cascade had arrived (Resource Timing), ms since the navigation started. */
  cascadeFetchedMs: number;
  /** How many cascade pages the view fetched. */
  cascadePages: number;
  nodes: number;
}

/** Navigates to a tree page and waits for the tree view's mark (and the canvas saying it drew). */
export async function loadTree(page: Page, url: string, timeoutMs = 120_000): Promise<TreeLoad> {
  await page.goto(url);
  const handle = await page.waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? null, TREE_DRAWN_MARK, {
    timeout: timeoutMs,
    polling: 50,
  });
  const drawnMs = (await handle.jsonValue()) as number;
  const canvas = page.locator(`${CANVAS}[data-drawn="true"]`);
  await canvas.waitFor({ timeout: timeoutMs });
  const fetched = (await page.evaluate(
    `performance.getEntriesByType('resource').filter((entry) => /\\/v1\\/contents\\/[^/]+\\/cascade\\b/.test(entry.name)).map((entry) => entry.responseEnd)`,
  )) as number[];
  return { drawnMs, cascadeFetchedMs: Math.max(...fetched), cascadePages: fetched.length, nodes: Number(await canvas.getAttribute('data-node-count')) };
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Frames that took longer than 1.5 × the median (a missed vsync, at least). */
  slowShare: number;
  /** On a tree page: whether the drag really moved the drawing (its first node's position changed). */
  panned?: boolean;
}

/**
 * Frame times while a mouse pans (drags across `region`, there and back) and zooms (wheel in and
 * out over its centre), paced like a real mouse (an event every ~8 ms), as rAF deltas in the page.
 */
export async function framesWhileMoving(page: Page, region: Region, options: { dragSteps?: number; wheelSteps?: number } = {}): Promise<FrameStats> {
  await page.evaluate(START_FRAME_RECORDER);
  await waitFrames(page, 5);
  await page.evaluate('window.__rippleFrames.splice(0), undefined');
  const positions = await moveLikeAPerson(page, region, options.dragSteps ?? 120, options.wheelSteps ?? 40);
  const deltas = (await page.evaluate('window.__rippleRecording = false, window.__rippleFrames.splice(0)')) as number[];
  const stats = frameStats(deltas);
  return positions[0] === null ? stats : { ...stats, panned: positions[0] !== positions[1] };
}

// Page-side code as plain JavaScript: tsx would wrap named inner functions in a helper (__name)
// that does not exist in the page. The first records the time between consecutive animation
// frames until told to stop; the second resolves after `count` frames.
const START_FRAME_RECORDER = `(() => {
  window.__rippleFrames = [];
  window.__rippleRecording = true;
  let last = null;
  const tick = (now) => {
    if (last !== null) window.__rippleFrames.push(now - last);
    last = now;
    if (window.__rippleRecording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const waitFrames = (page: Page, count: number) =>
  page.evaluate(`new Promise((done) => {
    let left = ${Number(count)};
    const next = () => (--left <= 0 ? done() : requestAnimationFrame(next));
    requestAnimationFrame(next);
  })`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Answers where the canvas's first node was before the drag and halfway through it (null: no canvas).
async function moveLikeAPerson(page: Page, region: Region, dragSteps: number, wheelSteps: number): Promise<[string | null, string | null]> {
  const canvas = page.locator(CANVAS);
  const firstNode = async () => ((await canvas.count()) > 0 ? canvas.getAttribute('data-first-node') : null);
  const before = await firstNode();
  let halfway: string | null = null;
  const cx = region.x + region.width / 2;
  const cy = region.y + region.height / 2;
  const reach = Math.min(region.width, region.height) / 3;
  // Pan: press in the middle, drag a wide loop (left, right, back), release.
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let step = 1; step <= dragSteps; step++) {
    const angle = (2 * Math.PI * step) / dragSteps;
    await page.mouse.move(cx + reach * Math.sin(angle), cy + (reach / 2) * Math.sin(2 * angle));
    await pause(8);
    if (step === Math.round(dragSteps / 4)) halfway = await firstNode();
  }
  await page.mouse.up();
  // Zoom: wheel in, then back out, over the centre.
  await page.mouse.move(cx, cy);
  for (let step = 0; step < wheelSteps; step++) {
    await page.mouse.wheel(0, step < wheelSteps / 2 ? -60 : 60);
    await pause(16);
  }
  return [before, halfway];
}

export function frameStats(deltas: readonly number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? Number.NaN;
  const medianMs = at(0.5);
  const slow = sorted.filter((delta) => delta > 1.5 * medianMs).length;
  return {
    frames: sorted.length,
    medianMs,
    p95Ms: at(0.95),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    slowShare: sorted.length ? slow / sorted.length : Number.NaN,
  };
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
