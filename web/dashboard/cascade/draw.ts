import type { Colours } from './colours.js';
import type { Forest } from './forest.js';
import type { TreeLayout } from './layout.js';
import type { Size, View } from './view.js';

// One frame of the tree on a 2D canvas: every edge in a single path, the nodes in one path per
// colour, and what lies off screen skipped. Nothing here allocates per node: a frame at 20,000
// links is a few loops over typed arrays.

export interface Scene {
  layout: TreeLayout;
  parent: Int32Array;
  colours: Colours;
  /** The links' indices grouped by colour, so each colour is one fill. */
  byColour: Uint32Array;
  /** Screen positions of the current frame (reused between frames). */
  sx: Float64Array;
  sy: Float64Array;
}

export interface Ink {
  edge: string;
  selection: string;
}

export function sceneOf(forest: Forest, layout: TreeLayout, colours: Colours): Scene {
  const byColour = Uint32Array.from(forest.links, (_, index) => index).sort((a, b) => (colours.of[a] as number) - (colours.of[b] as number) || a - b);
  const count = forest.links.length;
  return { layout, parent: forest.parent, colours, byColour, sx: new Float64Array(count), sy: new Float64Array(count) };
}

/** A node's half-size in CSS pixels: grows with the zoom, but stays visible and small. */
export const nodeRadius = (k: number) => Math.min(5, Math.max(1.25, 3 * k));

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, view: View, size: Size & { ratio: number }, selected: number, ink: Ink): void {
  ctx.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  project(scene, view);
  drawEdges(ctx, scene, size, ink.edge);
  drawNodes(ctx, scene, size, nodeRadius(view.k));
  if (selected >= 0 && selected < scene.sx.length) drawSelection(ctx, scene, selected, nodeRadius(view.k), ink.selection);
}

function project(scene: Scene, view: View): void {
  const { x, y } = scene.layout;
  for (let index = 0; index < x.length; index++) {
    scene.sx[index] = (x[index] as number) * view.k + view.x;
    scene.sy[index] = (y[index] as number) * view.ky + view.y;
  }
}

function drawEdges(ctx: CanvasRenderingContext2D, scene: Scene, size: Size, colour: string): void {
  const { sx, sy, parent } = scene;
  ctx.beginPath();
  for (let index = 0; index < parent.length; index++) {
    const above = parent[index] as number;
    if (above < 0) continue;
    const x0 = sx[above] as number,
      y0 = sy[above] as number,
      x1 = sx[index] as number,
      y1 = sy[index] as number;
    // Off screen when both ends are beyond the same edge of it.
    if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 > size.width && x1 > size.width) || (y0 > size.height && y1 > size.height)) continue;
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
  }
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  // Lighter than the nodes, so a dense forest's edges do not bury them.
  ctx.globalAlpha = 0.6;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function drawNodes(ctx: CanvasRenderingContext2D, scene: Scene, size: Size, r: number): void {
  const { sx, sy, byColour, colours } = scene;
  const round = r >= 1.5;
  let current = -1;
  for (const index of byColour) {
    const colour = colours.of[index] as number;
    if (colour !== current) {
      if (current >= 0) fill(ctx, colours.palette[current] as string);
      ctx.beginPath();
      current = colour;
    }
    const x = sx[index] as number,
      y = sy[index] as number;
    if (x < -r || y < -r || x > size.width + r || y > size.height + r) continue;
    if (round) {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    } else ctx.rect(x - r, y - r, 2 * r, 2 * r);
  }
  if (current >= 0) fill(ctx, colours.palette[current] as string);
}

function fill(ctx: CanvasRenderingContext2D, colour: string): void {
  ctx.fillStyle = colour;
  ctx.fill();
}

function drawSelection(ctx: CanvasRenderingContext2D, scene: Scene, index: number, r: number, colour: string): void {
  ctx.beginPath();
  ctx.arc(scene.sx[index] as number, scene.sy[index] as number, r + 4, 0, 2 * Math.PI);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.stroke();
}
