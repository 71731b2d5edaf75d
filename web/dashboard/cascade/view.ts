import type { Bounds } from './layout.js';

// The pan and zoom: a screen point (CSS pixels from the canvas's top left) is
// (layout x * k + x, layout y * ky + y). The scales differ only when a tidy forest is much wider
// than deep: fitted, it would be a thin strip, so its rows are spread to fill the canvas's height
// (ky ≥ k); zooming in brings the two back together.

export interface View {
  k: number;
  ky: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

const PADDING = 24;
/** A small tree is not blown up past this when fitted. */
const FIT_CAP = 2;
const MAX_ZOOM = 8;

/** The whole layout in view, centred; with `stretch`, its rows spread to the canvas's height. */
export function fitView(bounds: Bounds, size: Size, stretch = false): View {
  const kx = (size.width - 2 * PADDING) / Math.max(1, bounds.maxX - bounds.minX);
  const kyFit = (size.height - 2 * PADDING) / Math.max(1, bounds.maxY - bounds.minY);
  const k = Math.min(FIT_CAP, kx, kyFit);
  const ky = stretch ? Math.max(k, Math.min(FIT_CAP, kyFit)) : k;
  return { k, ky, x: size.width / 2 - ((bounds.minX + bounds.maxX) / 2) * k, y: size.height / 2 - ((bounds.minY + bounds.maxY) / 2) * ky };
}

/** The point (cx, cy) at the centre, zoomed out just enough for the whole layout to show around it. */
export function centredView(bounds: Bounds, size: Size, cx: number, cy: number, stretch = false): View {
  const kx = (size.width / 2 - PADDING) / Math.max(1, cx - bounds.minX, bounds.maxX - cx);
  const kyFit = (size.height / 2 - PADDING) / Math.max(1, cy - bounds.minY, bounds.maxY - cy);
  const k = Math.min(FIT_CAP, kx, kyFit);
  const ky = stretch ? Math.max(k, Math.min(FIT_CAP, kyFit)) : k;
  return { k, ky, x: size.width / 2 - cx * k, y: size.height / 2 - cy * ky };
}

/** Zooms by `factor` keeping the layout point under (sx, sy) where it is, between a quarter of the fit and 8×. */
export function zoomAt(view: View, factor: number, sx: number, sy: number, fit: View): View {
  const k = Math.min(Math.max(view.k * factor, Math.min(fit.k, 1) / 4), Math.max(MAX_ZOOM, fit.k));
  const ky = fit.ky > fit.k ? Math.max(k, fit.ky) : k;
  const [lx, ly] = toLayout(view, sx, sy);
  return { k, ky, x: sx - lx * k, y: sy - ly * ky };
}

export const panBy = (view: View, dx: number, dy: number): View => ({ ...view, x: view.x + dx, y: view.y + dy });

export const toLayout = (view: View, sx: number, sy: number): [number, number] => [(sx - view.x) / view.k, (sy - view.y) / view.ky];

export const toScreen = (view: View, lx: number, ly: number): [number, number] => [lx * view.k + view.x, ly * view.ky + view.y];

/** The same zoom, (lx, ly) moved to the centre. */
export const centreOn = (view: View, size: Size, lx: number, ly: number): View => ({
  ...view,
  x: size.width / 2 - lx * view.k,
  y: size.height / 2 - ly * view.ky,
});
