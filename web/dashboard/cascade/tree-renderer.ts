import { drawScene, type Ink, nodeRadius, type Scene } from './draw.js';
import { nodeAt } from './layout.js';
import { centredView, centreOn, fitView, panBy, type Size, toLayout, toScreen, type View, zoomAt } from './view.js';

// The canvas's behaviour outside Preact: size (device-pixel-ratio aware), pan by drag, zoom by wheel
// and keys, hover and click by hit test, and drawing at most once per animation frame, only when
// something changed. Preact renders the controls around it and hears hover and selection back.

export interface RendererEvents {
  /** The link under the pointer changed (-1: none). */
  hover(index: number): void;
  /** A click on a link (or on nothing: -1). */
  select(index: number): void;
}

const DRAG_THRESHOLD = 4;
const HIT_PIXELS = 8;
const KEY_PAN = 48;
const KEY_PANS: Record<string, [number, number]> = { ArrowLeft: [KEY_PAN, 0], ArrowRight: [-KEY_PAN, 0], ArrowUp: [0, KEY_PAN], ArrowDown: [0, -KEY_PAN] };

export class TreeRenderer {
  private readonly context: CanvasRenderingContext2D | null;
  private readonly input: CanvasInput;
  private readonly observer: ResizeObserver | null;
  private scene: Scene | null = null;
  /** The link to centre the first view on (a picked root), or -1 to fit. */
  private focus = -1;
  private view: View | null = null;
  private size: Size & { ratio: number };
  private ink: Ink;
  private selected = -1;
  private frame = 0;
  private drawn = false;
  /** Until the reader pans or zooms, a new size re-fits (the first measure may precede layout). */
  private touched = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    events: RendererEvents,
  ) {
    this.context = canvas.getContext('2d');
    this.size = measure(canvas);
    this.ink = inkOf(canvas);
    this.input = new CanvasInput(canvas, this, events);
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.observer?.observe(canvas);
  }

  /** New layout: the view is reset (fitted, or centred on `focus` when it is a link's index). */
  setScene(scene: Scene, focus: number): void {
    if (scene.layout !== this.scene?.layout) {
      this.view = null;
      this.touched = false;
      this.input.clearHover();
    }
    this.scene = scene;
    this.focus = focus;
    this.requestDraw();
  }

  setSelected(index: number, centre: boolean): void {
    this.selected = index;
    const { scene, view } = this;
    if (centre && scene && view && index >= 0) this.view = centreOn(view, this.size, scene.layout.x[index] as number, scene.layout.y[index] as number);
    this.requestDraw();
  }

  /** Zooms about the canvas's centre. */
  zoom(factor: number): void {
    this.input.clearHover();
    if (this.view) this.moveTo(zoomAt(this.view, factor, this.size.width / 2, this.size.height / 2, this.fitted()));
  }

  fit(): void {
    this.input.clearHover();
    this.moveTo(this.fitted());
  }

  /** Where a link is on the canvas now, in CSS pixels. */
  screenOf(index: number): [number, number] | null {
    const { scene, view } = this;
    return scene && view && index >= 0 ? toScreen(view, scene.layout.x[index] as number, scene.layout.y[index] as number) : null;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.observer?.disconnect();
    this.input.detach();
  }

  currentView(): View | null {
    return this.view;
  }

  moveTo(view: View): void {
    this.view = view;
    this.touched = true;
    this.requestDraw();
  }

  /** The link within a few pixels of a canvas point, or -1. */
  hit(sx: number, sy: number): number {
    const { scene, view } = this;
    if (!scene || !view) return -1;
    const [lx, ly] = toLayout(view, sx, sy);
    const pixels = Math.max(HIT_PIXELS, nodeRadius(view.k) + 2);
    return nodeAt(scene.layout, lx, ly, pixels / view.k, pixels / view.ky);
  }

  /** The whole layout in view; a tidy layout's rows spread to the canvas's height. */
  fitted(): View {
    return this.scene ? fitView(this.scene.layout.bounds, this.size, this.scene.layout.kind === 'tidy') : { k: 1, ky: 1, x: 0, y: 0 };
  }

  private initialView(): View {
    const { scene, focus } = this;
    if (!scene || focus < 0) return this.fitted();
    return centredView(scene.layout.bounds, this.size, scene.layout.x[focus] as number, scene.layout.y[focus] as number, scene.layout.kind === 'tidy');
  }

  private requestDraw(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const { scene, context, canvas } = this;
    if (!scene || !context) return;
    this.view ??= this.initialView();
    drawScene(context, scene, this.view, this.size, this.selected, this.ink);
    canvas.setAttribute('data-first-node', scene.sx.length > 0 ? `${round(scene.sx[0] as number)},${round(scene.sy[0] as number)}` : '');
    if (this.drawn) return;
    this.drawn = true;
    canvas.setAttribute('data-drawn', 'true');
    performance.mark?.('ripple:tree-drawn');
  }

  private resize(): void {
    const next = measure(this.canvas);
    if (next.width === this.size.width && next.height === this.size.height && next.ratio === this.size.ratio) return;
    this.size = next;
    this.ink = inkOf(this.canvas);
    if (!this.touched) this.view = null;
    this.requestDraw();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

// The canvas's backing store in device pixels, its drawing in CSS pixels. Before layout (or in a
// test's DOM without one) the canvas has no size of its own: a default stands in.
function measure(canvas: HTMLCanvasElement): Size & { ratio: number } {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 800;
  const height = canvas.clientHeight || 560;
  // Setting a canvas's size clears it: only when it changes.
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  return { width, height, ratio };
}

// Colours from the style sheet (light or dark scheme): the canvas's text colour for edges.
function inkOf(canvas: HTMLCanvasElement): Ink {
  const style = getComputedStyle(canvas);
  return { edge: style.color || '#8a8f98', selection: style.getPropertyValue('--accent').trim() || '#2563eb' };
}

// Pointer, wheel and keys on the canvas: a drag pans, a press without a drag is a click.
class CanvasInput {
  private press: { x: number; y: number; moved: boolean } | null = null;
  private hovered = -1;
  private readonly handlers: [string, EventListener, AddEventListenerOptions?][];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly renderer: TreeRenderer,
    private readonly events: RendererEvents,
  ) {
    this.handlers = [
      ['pointerdown', ((event: PointerEvent) => this.down(event)) as EventListener],
      ['pointermove', ((event: PointerEvent) => this.move(event)) as EventListener],
      ['pointerup', ((event: PointerEvent) => this.up(event)) as EventListener],
      ['pointercancel', () => (this.press = null)],
      ['pointerleave', () => this.press === null && this.clearHover()],
      ['wheel', ((event: WheelEvent) => this.wheel(event)) as EventListener, { passive: false }],
      ['keydown', ((event: KeyboardEvent) => this.key(event)) as EventListener],
    ];
    for (const [name, handler, options] of this.handlers) canvas.addEventListener(name, handler, options);
  }

  detach(): void {
    for (const [name, handler] of this.handlers) this.canvas.removeEventListener(name, handler);
  }

  clearHover(): void {
    this.hover(-1);
  }

  private hover(index: number): void {
    if (index === this.hovered) return;
    this.hovered = index;
    this.canvas.style.cursor = index >= 0 ? 'pointer' : '';
    this.events.hover(index);
  }

  private point(event: MouseEvent): [number, number] {
    const box = this.canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  private down(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.press = { x: event.clientX, y: event.clientY, moved: false };
    this.canvas.setPointerCapture?.(event.pointerId);
  }

  private move(event: PointerEvent): void {
    const { press } = this;
    if (!press) {
      this.hover(this.renderer.hit(...this.point(event)));
      return;
    }
    if (!press.moved && Math.hypot(event.clientX - press.x, event.clientY - press.y) < DRAG_THRESHOLD) return;
    press.moved = true;
    this.hover(-1);
    const view = this.renderer.currentView();
    if (view) this.renderer.moveTo(panBy(view, event.clientX - press.x, event.clientY - press.y));
    press.x = event.clientX;
    press.y = event.clientY;
  }

  private up(event: PointerEvent): void {
    if (this.press && !this.press.moved) this.events.select(this.renderer.hit(...this.point(event)));
    this.press = null;
  }

  private wheel(event: WheelEvent): void {
    const view = this.renderer.currentView();
    if (!view) return;
    event.preventDefault();
    const pixels = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
    this.hover(-1);
    this.renderer.moveTo(zoomAt(view, Math.exp(-pixels * 0.002), ...this.point(event), this.renderer.fitted()));
  }

  // Arrows pan, + and - zoom, 0 fits: the canvas is usable from the keyboard once focused.
  private key(event: KeyboardEvent): void {
    const view = this.renderer.currentView();
    const pan = KEY_PANS[event.key];
    if (!view) return;
    if (pan) this.renderer.moveTo(panBy(view, ...pan));
    else if (event.key === '+' || event.key === '=') this.renderer.zoom(1.25);
    else if (event.key === '-') this.renderer.zoom(0.8);
    else if (event.key === '0') this.renderer.fit();
    else return;
    event.preventDefault();
    this.hover(-1);
  }
}
